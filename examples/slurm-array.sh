#!/usr/bin/env bash
# careflow batch on a Slurm cluster: a job array whose tasks each run one shard of the batch into
# a shared folder, then one merge job once every task has succeeded.
#
#   bash examples/slurm-array.sh                 # on a login node: submits the array and the merge
#   bash examples/slurm-array.sh --array=0-3     # the same with 4 shards (options go to sbatch)
#   sbatch examples/slurm-array.sh               # submits only the array; merge later by hand
#
# The shard count is the size of the array the task runs in: --array=0-99 gives 100 shards,
# --array=0-3 gives 4, so the same file serves a test and a real cluster. Shard K runs
# replications r with r mod N = K (all variants of replication r together), so with -n 10000
# and 100 shards each task runs 100 replications of each variant. Every task resumes whatever
# its folder already holds, so a requeued or pre-empted task simply carries on. To rerun one
# failed task, say which split it belongs to: SHARDS=100 sbatch --array=17 examples/slurm-array.sh
#
#SBATCH --job-name=careflow-batch
#SBATCH --array=0-99
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=01:00:00
#SBATCH --requeue
#SBATCH --output=careflow-%A_%a.log

set -euo pipefail

# Set these in the environment (sbatch passes it on to the tasks) or edit the defaults.
SCENARIO="${SCENARIO:-scenarios/acute-medical.yaml}"
SHARED="${SHARED:-/shared/careflow/acute-d2a}" # a folder every node can write
VARIANTS="${VARIANTS:-standard,d2a}"
REPLICATIONS="${REPLICATIONS:-10000}"
SEED="${SEED:-20261126}"
# How to call careflow on the nodes (see examples/README.md, "Installing on a cluster"):
#   CAREFLOW_TARBALL=/path/careflow-0.1.0.tgz  install that `npm pack` tarball once, at submission,
#                                              into $SHARED/careflow, and use it;
#   CAREFLOW="/shared/sw/careflow/bin/careflow" a shared install prefix (npm install -g --prefix);
#   default: `careflow` on the PATH.
CAREFLOW="${CAREFLOW:-careflow}"

if [[ -z "${SLURM_ARRAY_TASK_ID:-}" ]]; then
  # Run by hand: queue the array, then a merge that starts only if every task succeeded.
  mkdir -p "$SHARED"
  if [[ -n "${CAREFLOW_TARBALL:-}" ]]; then
    npm install --global --prefix "$SHARED/careflow" --no-audit --no-fund --loglevel=error "$CAREFLOW_TARBALL"
    CAREFLOW="$SHARED/careflow/bin/careflow"
  fi
  export SCENARIO SHARED VARIANTS REPLICATIONS SEED CAREFLOW
  array_job=$(sbatch --parsable --export=ALL "$@" "$0")
  array_job="${array_job%%;*}" # --parsable prints "jobid" or "jobid;cluster"
  merge_job=$(sbatch --parsable --export=ALL --dependency="afterok:${array_job}" --job-name=careflow-merge \
    --cpus-per-task=1 --mem=2G --output=careflow-merge-%j.log \
    --wrap "$CAREFLOW merge $SHARED/shard-* --out $SHARED/merged")
  merge_job="${merge_job%%;*}"
  echo "array job ${array_job} (shards in ${SHARED}); merge job ${merge_job} into ${SHARED}/merged after it"
  exit 0
fi

K="$SLURM_ARRAY_TASK_ID"
if [[ -n "${SHARDS:-}" ]]; then
  N="$SHARDS"
else
  # The array must be 0…N−1 with every index present: a stepped or offset array would leave
  # replications to no shard, and merge would then refuse the study.
  N=$((SLURM_ARRAY_TASK_MAX + 1))
  if [[ "${SLURM_ARRAY_TASK_MIN}" != 0 || "${SLURM_ARRAY_TASK_COUNT}" != "$N" ]]; then
    echo "careflow: array ${SLURM_ARRAY_TASK_MIN}-${SLURM_ARRAY_TASK_MAX} with ${SLURM_ARRAY_TASK_COUNT} tasks is not 0-(N-1);" \
      "run the whole array --array=0-(N-1), or set SHARDS=N to rerun single tasks" >&2
    exit 2
  fi
fi

# --workers must be the CPUs Slurm gave the task: "auto" would count the whole node.
# shellcheck disable=SC2086 # CAREFLOW may be a command with arguments, e.g. "node /opt/careflow/dist/cli/bin.js"
$CAREFLOW batch "$SCENARIO" \
  --variants "$VARIANTS" \
  -n "$REPLICATIONS" \
  --seed "$SEED" \
  --shard "$K/$N" \
  --workers "${SLURM_CPUS_PER_TASK:-1}" \
  --out "$SHARED/shard-$K" \
  --resume \
  --no-progress
