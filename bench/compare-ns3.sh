#!/usr/bin/env bash
# Runs ns-3's baselines and overlaysim's equivalents in one go, on this machine, and prints as its
# last line:  ratio hold=X hostgw=Y flood=Z   (overlaysim ÷ ns-3; higher is better)
#   hold:   engine events per second under the hold model (10,000 pending, exp(1 µs) delays)
#   hostgw: UDP echoes per second, 2 hosts x 1 container, host-gw routing, 10,000 echoes each way
#   flood:  datagrams delivered per second of wall time, one-way UDP flood of 1,000,000 datagrams of
#           1400 B, one every 20 µs, container to container over 2 host-gw nodes (ns-3: flood.cc;
#           overlaysim: RunnerFlood, the same shape as a YAML scenario through Scenario.fromYaml and
#           run(), i.e. the `overlaysim run` path: loader, world, flanneld, flow, result and checks)
# Each figure is wall time of the simulation's run: ns-3 after building its topology (run_s);
# overlaysim after a warm-up run of the same program (the JIT), HoldModel and HostGwEcho after
# building their world, RunnerFlood for the whole Scenario.run() (building included).
# ns-3 comes from Debian (shared/anchors/ns3/run.sh installs libns3-dev on first use).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
anchors=${NS3_ANCHORS:-$root/../shared/anchors/ns3}
jar=$here/target/benchmarks.jar
if [ ! -f "$jar" ]; then
  echo "building bench/target/benchmarks.jar ..." >&2
  (cd "$root" && ./mvnw -B -q -DskipTests -pl bench -am package)
fi
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" | tail -n 1; }
# overlaysim's JVM runs with the launcher's collector (./overlaysim's gc_default line), as a user's run does.
jvm=$(sed -n 's/^gc_default="\(.*\)"$/\1/p' "$root/overlaysim")

ns3_hold=$(bash "$anchors/run.sh" hold | tee /dev/stderr | field events_per_s)
ours_hold=$(java $jvm -cp "$jar" dev.overlaysim.bench.HoldModel | tee /dev/stderr | field events_per_s)
ns3_hostgw=$(bash "$anchors/run.sh" hostgw | tee /dev/stderr | field echoes_per_s)
ours_hostgw=$(java $jvm -cp "$jar" dev.overlaysim.bench.HostGwEcho | tee /dev/stderr | field echoes_per_s)

ns3_flood=$(bash "$anchors/run.sh" flood | tee /dev/stderr | field packets_per_s)
ours_flood=$(java $jvm -cp "$jar" dev.overlaysim.bench.RunnerFlood host-gw 1000000 | tee /dev/stderr | field packets_per_s)

awk -v a="$ours_hold" -v b="$ns3_hold" -v c="$ours_hostgw" -v d="$ns3_hostgw" -v e="$ours_flood" -v f="$ns3_flood" \
  'BEGIN { printf "ratio hold=%.2f hostgw=%.2f flood=%.2f\n", a / b, c / d, e / f }'
