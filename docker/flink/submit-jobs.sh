#!/usr/bin/env bash
# Submits the wecom-flow jobs to a Flink session cluster with `flink run`, the way the README's
# "Running the jobs on a Flink cluster" does by hand:
#
#   submit-jobs.sh JAR NAME=MAIN_CLASS... -- JOB_ARGUMENTS...
#
# JOB_ARGUMENTS are every job main's options and must include --checkpoint-dir file:///DIR.
# Safe to run again (docker compose up starts this one-shot on every up): a job the cluster
# already runs is left alone. A job that ran before resumes from its newest completed checkpoint,
# found through the job id of its last submission (kept in DIR/wecom-flow-jobs/NAME.jobid), so a
# JobManager restarted without its jobs does not start them again on empty state.
set -euo pipefail

usage() {
  echo "usage: submit-jobs.sh JAR NAME=MAIN_CLASS... -- JOB_ARGUMENTS... (with --checkpoint-dir file:///DIR)" >&2
  exit 2
}

# The local directory of a --checkpoint-dir file:// URI among the job arguments.
checkpoint_directory() {
  local previous=""
  for argument in "$@"; do
    if [[ "$previous" == --checkpoint-dir ]]; then
      [[ "$argument" == file://* ]] || { echo "error: --checkpoint-dir must be a file:// URI, got $argument" >&2; exit 2; }
      echo "${argument#file://}"
      return
    fi
    previous="$argument"
  done
  echo "error: the job arguments need --checkpoint-dir file:///DIR" >&2
  exit 2
}

# Whether the cluster's job list (`flink list`: running, restarting and scheduled jobs) has this job.
is_listed() {
  local name="$1" listing="$2"
  grep -qF " : $name (" <<<"$listing"
}

# The newest completed checkpoint (its chk-N directory) of the job's last submission, if any.
newest_checkpoint() {
  local name="$1" checkpoints="$2" job_id
  [[ -f "$checkpoints/wecom-flow-jobs/$name.jobid" ]] || return 0
  job_id="$(cat "$checkpoints/wecom-flow-jobs/$name.jobid")"
  # A checkpoint is complete once its _metadata is written; pick the highest N, numerically.
  find "$checkpoints/$job_id" -mindepth 2 -maxdepth 2 -path '*/chk-*/_metadata' 2>/dev/null \
    | sed 's|/_metadata$||' | awk -F'chk-' '{ print $NF "\t" $0 }' | sort -n | tail -n 1 | cut -f 2
}

submit() {
  local name="$1" main_class="$2" jar="$3" checkpoints="$4"
  shift 4
  local resume output job_id
  resume="$(newest_checkpoint "$name" "$checkpoints")"
  local command=(flink run -d)
  if [[ -n "$resume" ]]; then
    command+=(-s "file://$resume")
  fi
  command+=(-c "$main_class" "$jar" "$@")
  echo "$name: ${command[*]}"
  output="$("${command[@]}")"
  echo "$output"
  job_id="$(grep -oE 'JobID [0-9a-f]{32}' <<<"$output" | head -n 1 | cut -d ' ' -f 2)"
  [[ -n "$job_id" ]] || { echo "error: flink run $name gave no job id" >&2; exit 1; }
  mkdir -p "$checkpoints/wecom-flow-jobs"
  echo "$job_id" > "$checkpoints/wecom-flow-jobs/$name.jobid"
}

(($# >= 3)) || usage
jar="$1"
shift
jobs=()
while (($#)) && [[ "$1" != -- ]]; do
  [[ "$1" == *=* ]] || usage
  jobs+=("$1")
  shift
done
(($#)) || usage
shift
checkpoints="$(checkpoint_directory "$@")"
# Asked once: a cluster that cannot be asked stops the script before anything is submitted.
listing="$(flink list)"

for job in "${jobs[@]}"; do
  name="${job%%=*}"
  if is_listed "$name" "$listing"; then
    echo "$name: already running, left alone"
  else
    submit "$name" "${job#*=}" "$jar" "$checkpoints" "$@"
  fi
done
