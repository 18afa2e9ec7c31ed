#!/usr/bin/env bash
# Behaviour-preservation check for refactors: builds REV (default HEAD) and the working tree,
# runs the same careflow commands with each on every scenario both ship, and diffs every file they
# write. Wall-clock files (run-info.json) and the report's generation timestamp are the only
# things allowed to differ. Usage: bash test/tools/same-outputs.sh [REV]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rev="${1:-HEAD}"
work="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$work/base-src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

git -C "$root" worktree add --detach -q "$work/base-src" "$rev"
# REV's own dependencies when its lock file differs (a package added or removed since), else ours.
if git -C "$root" diff --quiet "$rev" -- package-lock.json; then
  ln -s "$root/node_modules" "$work/base-src/node_modules"
else
  (cd "$work/base-src" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
fi
(cd "$work/base-src" && node node_modules/typescript/bin/tsc -p tsconfig.build.json)
(cd "$root" && node node_modules/typescript/bin/tsc -p tsconfig.build.json)

# Only the scenarios REV itself shipped: a scenario added since would use sections REV cannot read.
scenarios=()
for s in "$work"/base-src/scenarios/*.yaml; do
  [ -f "$root/scenarios/$(basename "$s")" ] && scenarios+=("$root/scenarios/$(basename "$s")")
done

run_all() { # $1: source tree, $2: output folder
  local cf="node $1/dist/cli/bin.js" out="$2"
  mkdir -p "$out"
  for s in "${scenarios[@]}"; do
    local n; n="$(basename "$s" .yaml)"
    (cd "$out" && $cf run "$s" --variant all --out "run-$n" --json >"run-$n.stdout" 2>&1) || echo "exit $? run $n" >>"$out/exits"
    (cd "$out" && $cf batch "$s" --variants all -n 3 --workers 1 --no-progress --out "batch-$n" >"batch-$n.stdout" 2>&1) || echo "exit $? batch $n" >>"$out/exits"
    (cd "$out" && $cf capacity "$s" -n 2 --out "capacity-$n" --json >"capacity-$n.stdout" 2>&1) || echo "exit $? capacity $n" >>"$out/exits"
  done
  local s="$root/scenarios/acute-medical.yaml"
  for k in 0 1 2; do
    (cd "$out" && $cf batch "$s" --variants standard,d2a -n 5 --workers 1 --no-progress --shard "$k/3" --out "shard-$k" >/dev/null 2>&1)
  done
  (cd "$out" && $cf merge shard-0 shard-1 shard-2 --out merged >merge.stdout 2>&1) || echo "exit $? merge" >>"$out/exits"
  (cd "$out" && $cf warmup "$s" -n 2 --horizon 60d --workers 1 --out warmup >warmup.stdout 2>&1) || echo "exit $? warmup" >>"$out/exits"
  # Wall-clock figures and timestamps are the only legitimate differences.
  find "$out" -name run-info.json -delete
  find "$out" \( -name '*.html' -o -name '*.stdout' -o -name capacity.json \) -print0 |
    xargs -0 sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/<time>/g; s/in [0-9.]+ s/in <t> s/g; s/[0-9.]+ (replications|runs)\/s/<rate>/g; s/, [0-9.]+\/s,/, <rate>,/g; s/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC/<when>/g; s/[0-9]+ min <t> s/<t> s/g; s/[0-9.]+ s for/<t> s for/g; s/"simulationSeconds": [0-9.e-]+/"simulationSeconds": <t>/g; s/Run time<\/(dt|th)>(<dd>|<td>)[0-9.]+ s/Run time<\/\1>\2<t> s/g; s/(<td>|<dd>)[0-9.]+ (s|ms)(<\/td>|<\/dd>)/\1<t> \2\3/g'
}
run_all "$work/base-src" "$work/base"
run_all "$root" "$work/head"
if diff -r "$work/base" "$work/head" >"$work/diff.txt"; then
  echo "same outputs: $(find "$work/head" -type f | wc -l) files identical to $rev"
else
  # `|| true`: head closing the pipe early must not end the script before its verdict (pipefail).
  { grep -E "^[<>]" "$work/diff.txt" | cut -c1-300 | sort | uniq -c | sort -rn | head -40; } || true
  { grep "^diff" "$work/diff.txt" | head -20; } || true
  echo "outputs differ from $rev"
  exit 1
fi
