#!/usr/bin/env bash
# `npm run test:slurm`: the Slurm path of deploy/ for real, on a one-node Slurm on this machine.
#
# Installs Debian's slurm-wlm and munge if missing (apt-get; needs root), starts munged (unless one
# already answers) and a private slurmctld + slurmd whose config, state, spool and logs live in a
# temporary directory and whose ports are not Slurm's defaults, so an existing Slurm is not touched.
# Then deploy/slurm/submit.sh submits a 4-shard collect array and the dependent combine job; the
# combined CSV must equal one unsharded run of the same collect, task by task (shots, errors and
# discards per strong id; the seconds column is time and differs). Prints `PASS: ...` with the
# counts and exits 0, or names the difference and exits 1.
#
# Without root or apt-get (or when the packages cannot be installed) it prints `SKIPPED: <reason>`
# and exits 0. It always stops the daemons it started, by their PIDs, cancels its jobs and removes
# its temporary directory (SURFACELAB_SLURM_KEEP=1 keeps the directory for a look). The packages
# stay installed, so a second run skips the install.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SURFACELAB_ROOT"

shards=4
collect_args=(--distances "3,5" --p "0.005,0.01" --max-shots 20000 --seed 7 --workers 1)
ctld_port=16817
slurmd_port=16818
wait_limit=120

skip() {
  printf 'SKIPPED: %s\n' "$1"
  exit 0
}

[[ "$(id -u)" -eq 0 ]] || skip "one-node Slurm test needs root (it installs slurm-wlm and munge and starts their daemons)"
command -v apt-get >/dev/null || skip "one-node Slurm test needs apt-get (it runs Debian's slurm-wlm and munge)"
command -v setpriv >/dev/null || skip "one-node Slurm test needs setpriv (util-linux) to start munged as the munge user"

# --- packages ---------------------------------------------------------------------------------
install_packages() {
  DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=120 install -y slurm-wlm munge
}
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  say "test-slurm: installing slurm-wlm and munge"
  apt_log="$(mktemp)"
  if ! install_packages >"$apt_log" 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get -qq update >>"$apt_log" 2>&1 || true
    if ! install_packages >>"$apt_log" 2>&1; then
      tail -5 "$apt_log" >&2
      rm -f "$apt_log"
      skip "one-node Slurm test could not install slurm-wlm and munge with apt-get (see above)"
    fi
  fi
  rm -f "$apt_log"
fi
for port in "$ctld_port" "$slurmd_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is in use; the test's private Slurm needs it"
  fi
done

if [[ ! -x "$SURFACELAB_BIN" ]]; then
  say "test-slurm: building the release CLI"
  cargo build --release --quiet --bin surfacelab
fi

# --- cleanup, whatever happens -------------------------------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/surfacelab-slurm.XXXXXX")"
munged_pid=""
made_run_munge=""
slurmctld_pid=""
slurmd_pid=""
jobs_submitted=()
stop_pid() {
  local pid="$1" tries
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((tries = 0; tries < 50; tries++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
show_logs() {
  local log
  for log in "$work"/slurmctld.log "$work"/slurmd.log "$work"/munged.log "$work"/run/logs/*.out; do
    [[ -s "$log" ]] || continue
    printf -- '--- last lines of %s\n' "${log#"$work"/}" >&2
    tail -15 "$log" >&2
  done
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if ((${#jobs_submitted[@]} > 0)) && [[ -n "$slurmctld_pid" ]]; then
    scancel "${jobs_submitted[@]}" 2>/dev/null || true
  fi
  ((status == 0)) || show_logs
  stop_pid "$slurmd_pid"
  stop_pid "$slurmctld_pid"
  stop_pid "$munged_pid"
  [[ -z "$made_run_munge" ]] || rmdir /run/munge 2>/dev/null || true
  if [[ "${SURFACELAB_SLURM_KEEP:-}" == 1 ]]; then
    printf 'test-slurm: kept %s\n' "$work"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_for SECONDS WHAT COMMAND...: polls COMMAND every 0.5 s until it succeeds.
wait_for() {
  local limit="$1" what="$2" deadline
  shift 2
  deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail "$what did not happen within ${limit}s"
    sleep 0.5
  done
}

# --- munge -------------------------------------------------------------------------------------
munge_works() { munge -n | unmunge; }
if munge_works >/dev/null 2>&1; then
  say "test-slurm: using the munged already running"
else
  [[ -s /etc/munge/munge.key ]] || fail "/etc/munge/munge.key is missing (the munge package creates it)"
  [[ -d /run/munge ]] || made_run_munge=1
  install -d -o munge -g munge -m 755 /run/munge
  install -d -o munge -g munge -m 700 /var/log/munge
  install -d -o munge -g munge -m 711 /var/lib/munge
  # setpriv execs munged, so $! is munged's own PID.
  setpriv --reuid=munge --regid=munge --init-groups munged --foreground >"$work/munged.log" 2>&1 &
  munged_pid=$!
  wait_for 10 "munged answering (munge -n | unmunge)" munge_works
fi

# --- a private one-node Slurm ------------------------------------------------------------------
node="$(hostname -s)"
cpus="$(nproc)"
memory_mb=$(($(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo) / 2))
mkdir -p "$work/state" "$work/spool" "$work/run"
cat >"$work/slurm.conf" <<EOF
# Written by scripts/test-slurm.sh for one test run; removed afterwards.
ClusterName=surfacelabtest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
AuthType=auth/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory_mb State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$work/slurm.conf"

say "test-slurm: starting slurmctld and slurmd (node $node, $cpus CPUs, ports $ctld_port/$slurmd_port)"
slurmctld -D -f "$SLURM_CONF" >>"$work/slurmctld.log" 2>&1 &
slurmctld_pid=$!
wait_for 20 "slurmctld answering (scontrol ping)" bash -c 'scontrol ping | grep -q UP'
slurmd -D -f "$SLURM_CONF" >>"$work/slurmd.log" 2>&1 &
slurmd_pid=$!
node_idle() { [[ "$(sinfo -h -N -n "$node" -o %t)" == idle ]]; }
wait_for 30 "node $node idle in sinfo" node_idle
say "test-slurm: $(sinfo -h -N -o '%N %t %c CPUs')"

# --- the sharded run through Slurm -------------------------------------------------------------
out_dir="$work/run"
submitted="$(SURFACELAB_BIN="$SURFACELAB_BIN" bash deploy/slurm/submit.sh --shards "$shards" \
  --out-dir "$out_dir" -- "${collect_args[@]}")"
printf '%s\n' "$submitted"
array_job="$(sed -n 's/^submitted collect array job \([0-9]*\):.*/\1/p' <<<"$submitted")"
combine_job="$(sed -n 's/^submitted combine job \([0-9]*\):.*/\1/p' <<<"$submitted")"
[[ -n "$array_job" && -n "$combine_job" ]] || fail "submit.sh did not print both job ids"
jobs_submitted=("$array_job" "$combine_job")

# job_states ID: the JobState of every task of job ID, one a line.
job_states() { scontrol -o show job "$1" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p'; }
combine_finished() {
  local state
  state="$(job_states "$combine_job")"
  [[ -n "$state" && "$state" != PENDING && "$state" != RUNNING && "$state" != CONFIGURING &&
    "$state" != COMPLETING ]]
}
start=$SECONDS
wait_for "$wait_limit" "the combine job finishing" combine_finished
array_states="$(job_states "$array_job" | sort | uniq -c | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')"
combine_state="$(job_states "$combine_job")"
say "test-slurm: after $((SECONDS - start)) s: collect array tasks: $array_states; combine: $combine_state"
[[ "$array_states" == "$shards COMPLETED" ]] || fail "not every collect array task completed"
[[ "$combine_state" == COMPLETED ]] || fail "the combine job ended $combine_state"
[[ -s "$out_dir/combined.csv" ]] || fail "the combine job wrote no $out_dir/combined.csv"

# --- the same collect, unsharded, and the comparison ---------------------------------------------
"$SURFACELAB_BIN" collect "${collect_args[@]}" --no-progress --out "$work/unsharded.csv" 2>/dev/null

# counts FILE: "strong_id shots errors discards" a task, sorted. The first six columns of sinter
# CSV never hold a comma (json_metadata, which may, comes seventh).
counts() {
  awk -F, 'NR > 1 {
    for (i = 1; i <= 6; i++) gsub(/ /, "", $i)
    print $6, $1, $2, $3
  }' "$1" | sort
}
shard_shots() { awk -F, 'NR > 1 { gsub(/ /, "", $1); total += $1 } END { print total + 0 }' "$1"; }

unsharded="$(counts "$work/unsharded.csv")"
combined="$(counts "$out_dir/combined.csv")"
# labels FILE: "strong_id d=…,r=…,p=…,b=…" a task, from json_metadata.
labels() {
  awk -F, 'NR > 1 {
    gsub(/ /, "", $6); label = ""
    n = split("d r p b", keys, " ")
    for (k = 1; k <= n; k++)
      if (match($0, "\"\"" keys[k] "\"\":(\"\")?[^,}\"]+")) {
        value = substr($0, RSTART, RLENGTH); sub(/.*:(\"\")?/, "", value)
        label = label (label == "" ? "" : ",") keys[k] "=" value
      }
    print $6, label
  }' "$1" | sort
}
printf '%-22s %-14s %24s %24s\n' "task" "strong id" "unsharded shots/errors" "combined shots/errors"
join -j 1 -a 1 -a 2 -e missing -o 0,1.2,1.3,2.2,2.3 <(printf '%s\n' "$unsharded" | cut -d' ' -f1-3) \
  <(printf '%s\n' "$combined" | cut -d' ' -f1-3) | join -j 1 <(labels "$work/unsharded.csv") - |
  awk '{ printf "%-22s %-14s %24s %24s\n", $2, substr($1, 1, 12) "..", $3 "/" $4, $5 "/" $6 }'
per_shard=()
for ((shard_index = 0; shard_index < shards; shard_index++)); do
  per_shard+=("$(shard_shots "$out_dir/shard-$shard_index.csv")")
done
say "test-slurm: shots per shard file (all tasks): ${per_shard[*]}"

tasks=$(wc -l <<<"$unsharded")
[[ -n "$unsharded" && "$tasks" -eq 4 ]] || fail "the unsharded run gave $tasks tasks, expected 4"
if [[ "$unsharded" != "$combined" ]]; then
  diff <(printf '%s\n' "$unsharded") <(printf '%s\n' "$combined") >&2 || true
  fail "the combined CSV of $shards Slurm shards differs from the unsharded run (diff above: < unsharded, > combined)"
fi
read -r total_shots total_errors < <(awk '{ shots += $2; errors += $3 } END { print shots, errors }' <<<"$unsharded")
say "PASS: one-node Slurm: combined CSV of $shards array shards (job $array_job) + combine job $combine_job equals the unsharded run: $tasks tasks, $total_shots shots, $total_errors errors, task by task"
