#!/usr/bin/env bash
# careflow batch on a Slurm cluster: 100 array tasks, each running one shard of the batch into a
# shared folder, then one merge job once every task has succeeded.
#
#   bash examples/slurm-array.sh      # submits the array and the merge job (run on a login node)
#   sbatch examples/slurm-array.sh    # submits only the array; merge later by hand (see README)
#
# Shard K runs replications r with r mod 100 = K (all variants of replication r together), so
# with -n 10000 each task runs 100 replications of each variant. Every task resumes whatever its
# folder already holds, so a requeued or pre-empted task simply carries on.
#
#SBATCH --job-name=careflow-batch
#SBATCH --array=0-99
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=01:00:00
#SBATCH --requeue
#SBATCH --output=careflow-%A_%a.log

set -euo pipefail

# Edit these four; SHARDS must match --array=0-(SHARDS-1) above.
SCENARIO="${SCENARIO:-scenarios/acute-medical.yaml}"
SHARED="${SHARED:-/shared/careflow/acute-d2a}"
SHARDS=100
REPLICATIONS="${REPLICATIONS:-10000}"
SEED="${SEED:-20261126}"
CAREFLOW="${CAREFLOW:-npx --no-install careflow}"

if [[ -z "${SLURM_ARRAY_TASK_ID:-}" ]]; then
  # Run by hand: queue the array, then a merge that starts only if every task succeeded.
  mkdir -p "$SHARED"
  array_job=$(sbatch --parsable "$0")
  sbatch --dependency="afterok:${array_job}" --job-name=careflow-merge --cpus-per-task=1 --mem=2G \
    --output=careflow-merge-%j.log \
    --wrap "$CAREFLOW merge $SHARED/shard-* --out $SHARED/merged"
  echo "submitted array job $array_job (shards in $SHARED) and a merge into $SHARED/merged after it"
  exit 0
fi

K="$SLURM_ARRAY_TASK_ID"
# --workers must be the CPUs Slurm gave the task: "auto" would count the whole node.
$CAREFLOW batch "$SCENARIO" \
  --variants standard,d2a \
  -n "$REPLICATIONS" \
  --seed "$SEED" \
  --shard "$K/$SHARDS" \
  --workers "${SLURM_CPUS_PER_TASK:-1}" \
  --out "$SHARED/shard-$K" \
  --resume \
  --no-progress
