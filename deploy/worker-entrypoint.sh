#!/bin/sh
# The worker container's entrypoint (docker-compose.yml): readies what the process sandbox needs in
# a container that is not privileged, then runs the worker. docs/adr/0046-compose.md says why.
set -eu

# bwrap mounts a fresh /proc for each job's pid namespace, which the kernel refuses while files of
# the container's /proc are covered (Docker's masked and read-only paths): uncover them, in this
# container's mount namespace only. The host's /proc is not touched.
for m in $(awk '$5 ~ "^/proc/." { print $5 }' /proc/self/mountinfo | sort -r); do
  umount "$m" 2>/dev/null || umount -l "$m"
done

# Each job slot gets a cgroup (memory, pids, CPU) under the container's own: Docker mounts them read-only.
for m in $(awk '$5 ~ "^/sys/fs/cgroup" && $6 ~ "^ro" { print $5 }' /proc/self/mountinfo); do
  mount -o remount,bind,rw "$m"
done

# Each slot's disk is a loop device; /dev/loop-control hands out numbers, the nodes must be here.
# device_cgroup_rules (b 7:*) lets the container use them and nothing else of the host's disks.
i=0
while [ "$i" -lt "${RUNNEL_LOOP_DEVICES:-128}" ]; do
  [ -b "/dev/loop$i" ] || mknod -m 660 "/dev/loop$i" b 7 "$i"
  i=$((i + 1))
done

# This shell stays process 1 rather than exec the worker. bubblewrap's outer process exits without
# reaping the sandbox's own pid 1, which then passes to process 1: node would leave one zombie per
# job, until the container ran out of pids. The shell reaps every child it is given and passes
# SIGTERM and SIGINT on, so the worker still drains its jobs on `docker compose stop`.
"$@" &
worker=$!
trap 'kill -TERM "$worker" 2>/dev/null' TERM
trap 'kill -INT "$worker" 2>/dev/null' INT
while :; do
  wait "$worker"
  status=$?
  # wait also returns when a signal came: go on waiting while the worker runs.
  kill -0 "$worker" 2>/dev/null || break
done
exit "$status"
