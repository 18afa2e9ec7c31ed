#!/usr/bin/env bash
# `npm run test:cluster`: examples/slurm-array.sh on a real, one-node Slurm cluster.
#
# Installs Debian's slurm-wlm and munge if they are missing, starts munged, slurmctld and slurmd
# directly (no systemd) with every file under one temporary folder, installs careflow from an
# `npm pack` tarball the way the example documents, submits the example as a 4-task job array
# plus its afterok merge job, waits, and checks that the merged summary.json is byte-identical to
# a local `careflow batch` of the same seed and replications. Then it stops what it started and
# removes the folder. Needs root (packages, daemons); elsewhere it says why and fails, unless
# CAREFLOW_SKIP_CLUSTER=1, so that a skipped run is never mistaken for a pass.
#
# Environment: CAREFLOW_CLUSTER_TIMEOUT (seconds to wait for the jobs, default 480),
# CAREFLOW_CLUSTER_KEEP=1 keeps the temporary folder for inspection.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARDS=4
REPLICATIONS=8
SEED=20261129
VARIANTS=standard,d2a
SCENARIO="$ROOT/scenarios/acute-medical.yaml"
TIMEOUT="${CAREFLOW_CLUSTER_TIMEOUT:-480}"
started_at=$(date +%s)

say() { echo "[cluster $(($(date +%s) - started_at))s] $*"; }

if [[ "$(id -u)" != 0 ]]; then
  if [[ "${CAREFLOW_SKIP_CLUSTER:-}" == 1 ]]; then
    echo "cluster test SKIPPED (CAREFLOW_SKIP_CLUSTER=1): it needs root to install Slurm and start its daemons"
    exit 0
  fi
  echo "cluster test cannot run: it needs root to install slurm-wlm and munge and to start munged," \
    "slurmctld and slurmd (running as $(id -un)). Run it as root, or set CAREFLOW_SKIP_CLUSTER=1 to skip it." >&2
  exit 1
fi

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi

TMP="$(mktemp -d /tmp/careflow-cluster.XXXXXX)"
chmod 0755 "$TMP"
PIDS=()
ARRAY_JOB=""
MERGE_JOB=""

cleanup() {
  local status=$?
  set +e
  if [[ -n "$ARRAY_JOB$MERGE_JOB" && -n "${SLURM_CONF:-}" ]]; then
    # shellcheck disable=SC2086 # ids are plain numbers; unset ones vanish
    scancel $ARRAY_JOB $MERGE_JOB 2>/dev/null
  fi
  # Daemons last-started first: slurmd, slurmctld, then munged which they authenticate through.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "${PIDS[i]}" 2>/dev/null
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  if [[ $status != 0 && -d "$TMP/log" ]]; then
    echo "---- logs (the test failed) ----" >&2
    tail -n 40 "$TMP"/log/* "$TMP"/jobs/*.log 2>/dev/null >&2
  fi
  if [[ "${CAREFLOW_CLUSTER_KEEP:-}" == 1 ]]; then
    echo "kept $TMP" >&2
  else
    rm -rf "$TMP"
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$TMP"/{munge,log,state,spool,jobs,shared}
# Others need to reach the socket (execute on its folder) but never to list or write there.
chmod 0711 "$TMP/munge"

# --- munge: a key of our own, its socket in the temporary folder --------------------------
mungekey --create --keyfile="$TMP/munge/munge.key" 2>/dev/null ||
  dd if=/dev/urandom of="$TMP/munge/munge.key" bs=1024 count=1 status=none
chmod 0400 "$TMP/munge/munge.key"
MUNGE_SOCKET="$TMP/munge/munge.socket"
# --force: munged declines to run as root without it; this throwaway one runs as root on purpose.
munged --foreground --force --socket="$MUNGE_SOCKET" --key-file="$TMP/munge/munge.key" \
  --pid-file="$TMP/munge/munged.pid" --seed-file="$TMP/munge/munged.seed" \
  --log-file="$TMP/log/munged.log" >"$TMP/log/munged.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do [[ -S "$MUNGE_SOCKET" ]] && break; sleep 0.1; done
[[ -S "$MUNGE_SOCKET" ]] || { echo "munged did not start" >&2; exit 1; }

# --- slurm.conf: one node with 2 CPUs, no cgroups, no accounting ---------------------------
HOST="$(hostname)"
MEMORY_MB=$(awk '/MemTotal/ { print int($2 / 1024 / 2) }' /proc/meminfo)
# Ports away from the defaults (6817/6818), so a system Slurm on the same machine is left alone.
cat >"$TMP/slurm.conf" <<EOF
ClusterName=careflowtest
SlurmctldHost=${HOST}(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=${MUNGE_SOCKET}
CredType=cred/munge
StateSaveLocation=$TMP/state
SlurmdSpoolDir=$TMP/spool
SlurmctldPidFile=$TMP/slurmctld.pid
SlurmdPidFile=$TMP/slurmd.pid
SlurmctldLogFile=$TMP/log/slurmctld.log
SlurmdLogFile=$TMP/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=${HOST} NodeAddr=127.0.0.1 CPUs=2 RealMemory=${MEMORY_MB} State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$TMP/slurm.conf"

slurmctld -D -i >"$TMP/log/slurmctld.out" 2>&1 &
PIDS+=($!)
slurmd -D >"$TMP/log/slurmd.out" 2>&1 &
PIDS+=($!)

say "waiting for the node"
for _ in $(seq 120); do
  state="$(sinfo -h -n "$HOST" -o %T 2>/dev/null || true)"
  [[ "$state" == idle ]] && break
  sleep 0.5
done
[[ "${state:-}" == idle ]] || { echo "the Slurm node did not come up (state: ${state:-none})" >&2; exit 1; }
say "node $HOST idle"

# --- careflow from an npm pack tarball, as examples/README.md documents ---------------------
say "packing careflow"
TARBALL="$(cd "$ROOT" && npm pack --silent --pack-destination "$TMP" | tail -n 1)"
export CAREFLOW_TARBALL="$TMP/$TARBALL"

# --- submit the example as a 4-task array plus its merge ------------------------------------
say "submitting examples/slurm-array.sh --array=0-$((SHARDS - 1))"
submitted="$(cd "$TMP/jobs" && SCENARIO="$SCENARIO" SHARED="$TMP/shared" VARIANTS="$VARIANTS" \
  REPLICATIONS="$REPLICATIONS" SEED="$SEED" \
  bash "$ROOT/examples/slurm-array.sh" --array=0-$((SHARDS - 1)) --cpus-per-task=1 --mem=1G)"
echo "$submitted"
ARRAY_JOB="$(sed -n 's/^array job \([0-9]*\).*/\1/p' <<<"$submitted")"
MERGE_JOB="$(sed -n 's/.*merge job \([0-9]*\).*/\1/p' <<<"$submitted")"
[[ -n "$ARRAY_JOB" && -n "$MERGE_JOB" ]] || { echo "could not read the job ids" >&2; exit 1; }

job_state() { scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -n 1 | cut -d= -f2; }
array_states() { scontrol -o show job "$ARRAY_JOB" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 | sort | uniq -c | tr '\n' ' '; }

deadline=$(($(date +%s) + TIMEOUT))
while :; do
  merge_state="$(job_state "$MERGE_JOB")"
  case "$merge_state" in
    COMPLETED) break ;;
    FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE)
      echo "merge job $MERGE_JOB ended $merge_state; array: $(array_states)" >&2
      exit 1
      ;;
  esac
  if [[ "$(scontrol -o show job "$MERGE_JOB" 2>/dev/null)" == *DependencyNeverSatisfied* ]]; then
    echo "an array task failed, so the merge will never run; array: $(array_states)" >&2
    exit 1
  fi
  if (($(date +%s) > deadline)); then
    echo "timed out after ${TIMEOUT}s; array: $(array_states); merge: $merge_state" >&2
    exit 1
  fi
  sleep 2
done
say "array: $(array_states); merge job $MERGE_JOB COMPLETED"

# Four tasks must have run, each its own shard.
for k in $(seq 0 $((SHARDS - 1))); do
  grep -q "\"index\": *$k" "$TMP/shared/shard-$k/batch.json" ||
    { echo "shard-$k/batch.json does not record shard $k" >&2; exit 1; }
done

# --- the same batch on this machine, one process ---------------------------------------------
say "running the same batch locally"
"$TMP/shared/careflow/bin/careflow" batch "$SCENARIO" --variants "$VARIANTS" -n "$REPLICATIONS" \
  --seed "$SEED" --workers 1 --out "$TMP/local" --no-progress --no-report >/dev/null
if cmp "$TMP/shared/merged/summary.json" "$TMP/local/summary.json"; then
  say "PASS: merged summary.json of $SHARDS Slurm array tasks is byte-identical to a local batch" \
    "($REPLICATIONS replications × $VARIANTS, seed $SEED)"
else
  diff <(head -c 2000 "$TMP/shared/merged/summary.json") <(head -c 2000 "$TMP/local/summary.json") >&2 || true
  echo "FAIL: merged summary.json differs from the local batch" >&2
  exit 1
fi
