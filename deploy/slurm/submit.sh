#!/usr/bin/env bash
# Submits a sharded `surfacelab collect` to Slurm: a job array of N shards, then a combine job that
# starts only when every shard has succeeded. Prints the two job ids.
#
#   deploy/slurm/submit.sh --shards N --out-dir DIR [options] -- COLLECT_ARGS...
#
#   -n, --shards N          shards = array tasks, 1 … 10^6 (collect's limit); Slurm's default
#                           MaxArraySize = 1001 lets sbatch take at most 1001
#   -o, --out-dir DIR       a new or empty directory, on a filesystem every node sees; gets
#                           shard-<i>.csv, combined.csv, logs/ and run.txt (what was submitted)
#   -c, --cpus-per-task C   CPUs per array task (default 1); collect's shot workers follow it
#       --sbatch ARG        an extra sbatch option for both jobs, repeatable
#                           (e.g. --sbatch --partition=short --sbatch --time=01:00:00)
#   -h, --help
#
# COLLECT_ARGS are `surfacelab collect`'s own flags. They must include --seed (each shard would
# otherwise pick its own random seed) and must not include --shard or --out. With --max-shots only,
# the combined counts equal one unsharded run's exactly; --max-errors stops each shard on its own,
# so it is allowed with a warning. sbatch's own SBATCH_* variables (SBATCH_PARTITION,
# SBATCH_ACCOUNT, SBATCH_TIMELIMIT, ...) apply as usual. The jobs run SURFACELAB_BIN if set
# (it must be a path valid on the compute nodes), else `surfacelab` from PATH.
#
# Output (the ids are also in DIR/run.txt):
#   submitted collect array job <id>: N shards -> DIR/shard-<i>.csv
#   submitted combine job <id>: after every task of <id> succeeds -> DIR/combined.csv
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}
die() {
  printf 'submit.sh: %s\n' "$1" >&2
  printf 'usage: deploy/slurm/submit.sh --shards N --out-dir DIR [options] -- COLLECT_ARGS... (--help for more)\n' >&2
  exit 2
}
needs_value() { [[ $# -ge 2 ]] || die "$1 needs a value"; }

shards=""
out_dir=""
cpus_per_task=1
sbatch_extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n | --shards) needs_value "$@"; shards="$2"; shift 2 ;;
    --shards=*) shards="${1#*=}"; shift ;;
    -o | --out-dir) needs_value "$@"; out_dir="$2"; shift 2 ;;
    --out-dir=*) out_dir="${1#*=}"; shift ;;
    -c | --cpus-per-task) needs_value "$@"; cpus_per_task="$2"; shift 2 ;;
    --cpus-per-task=*) cpus_per_task="${1#*=}"; shift ;;
    --sbatch) needs_value "$@"; sbatch_extra+=("$2"); shift 2 ;;
    --sbatch=*) sbatch_extra+=("${1#*=}"); shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; break ;;
    *) die "unknown option '$1' (collect's flags go after --)" ;;
  esac
done
collect_args=("$@")

[[ -n "$shards" ]] || die "--shards N is required"
if ! [[ "$shards" =~ ^[1-9][0-9]{0,6}$ ]] || ((shards > 1000000)); then
  die "--shards must be an integer from 1 to 1000000, got '$shards'"
fi
if ! [[ "$cpus_per_task" =~ ^[1-9][0-9]{0,2}$ ]] || ((cpus_per_task > 64)); then
  die "--cpus-per-task must be an integer from 1 to 64, got '$cpus_per_task'"
fi
[[ -n "$out_dir" ]] || die "--out-dir DIR is required"
((${#collect_args[@]} > 0)) || die "no collect arguments after -- (e.g. -- --distances 5 --p 0.005 --seed 7)"

has_seed=false
for arg in "${collect_args[@]}"; do
  case "$arg" in
    --seed | --seed=*) has_seed=true ;;
    --shard | --shard=* | --out | --out=*) die "collect's $arg is set per shard by this script; leave it out" ;;
    --max-errors | --max-errors=*)
      printf 'submit.sh: warning: --max-errors stops each shard on its own; the combined counts will not equal an unsharded run'"'"'s\n' >&2
      ;;
  esac
done
$has_seed || die "collect needs --seed: without it every shard draws its own random seed"

command -v sbatch >/dev/null || die "sbatch not found: run this on a Slurm login node"
if [[ -n "${SURFACELAB_BIN:-}" ]]; then
  [[ -x "$SURFACELAB_BIN" ]] || die "SURFACELAB_BIN='$SURFACELAB_BIN' is not an executable file"
elif ! command -v surfacelab >/dev/null; then
  printf 'submit.sh: warning: surfacelab is not on PATH here; the jobs need it on the compute nodes (or set SURFACELAB_BIN)\n' >&2
fi

mkdir -p "$out_dir/logs"
out_dir="$(cd "$out_dir" && pwd)"
if compgen -G "$out_dir/shard-*.csv*" >/dev/null || compgen -G "$out_dir/combined.csv*" >/dev/null; then
  die "$out_dir already holds results of another run; choose a new directory"
fi

# --parsable prints "id" or "id;cluster".
array_job="$(sbatch --parsable --array="0-$((shards - 1))" --cpus-per-task="$cpus_per_task" \
  --output="$out_dir/logs/collect-%A_%a.out" "${sbatch_extra[@]}" \
  "$here/collect-array.sbatch" "$out_dir" "$shards" -- "${collect_args[@]}")"
array_job="${array_job%%;*}"
printf 'submitted collect array job %s: %s shards -> %s/shard-<i>.csv\n' "$array_job" "$shards" "$out_dir"

# --kill-on-invalid-dep: if a shard fails, the combine job is cancelled instead of waiting forever.
combine_job="$(sbatch --parsable --dependency="afterok:$array_job" --kill-on-invalid-dep=yes \
  --output="$out_dir/logs/combine-%j.out" "${sbatch_extra[@]}" \
  "$here/combine.sbatch" "$out_dir" "$shards")"
combine_job="${combine_job%%;*}"
printf 'submitted combine job %s: after every task of %s succeeds -> %s/combined.csv\n' \
  "$combine_job" "$array_job" "$out_dir"

{
  printf 'collect_array_job=%s\n' "$array_job"
  printf 'combine_job=%s\n' "$combine_job"
  printf 'shards=%s\n' "$shards"
  printf 'collect_args=%s\n' "${collect_args[*]}"
  printf 'submitted=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$out_dir/run.txt"
