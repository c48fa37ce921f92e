package dev.overlaysim.scenarios.assertions;

/**
 * Picks a table of one node, router or container at the end of the run; each method runs the
 * command as {@code overlaysim show} would and returns assertions on what it printed.
 */
public final class TableAssert {
    private final String where;
    private final ScenarioResultAssert result;

    TableAssert(String where, ScenarioResultAssert result) {
        this.where = where;
        this.result = result;
    }

    /**
     * {@code ip route}.
     * Example: {@code assertThat(result).node("node1").routeTable().holds("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink");}
     */
    public TableOutputAssert routeTable() {
        return command("ip route");
    }

    /**
     * {@code ip neigh}.
     * Example: {@code assertThat(result).node("node1").neighbours().holds("10.1.16.0 dev flannel.1 lladdr 5e:f8:4f:00:e3:37 PERMANENT");}
     */
    public TableOutputAssert neighbours() {
        return command("ip neigh");
    }

    /**
     * {@code ip neigh show dev DEVICE}.
     * Example: {@code assertThat(result).node("node1").neighboursOn("flannel.1").holds("10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT");}
     */
    public TableOutputAssert neighboursOn(String device) {
        return command("ip neigh show dev " + device);
    }

    /**
     * {@code bridge fdb show}.
     * Example: {@code assertThat(result).node("node1").fdb().holds("5e:f8:4f:00:e3:37 dev flannel.1 dst 10.168.0.3 self permanent");}
     */
    public TableOutputAssert fdb() {
        return command("bridge fdb show");
    }

    /**
     * {@code bridge fdb show dev DEVICE}.
     * Example: {@code assertThat(result).node("node1").fdbOn("flannel.1").holds("5e:f8:4f:00:e3:37 dst 10.168.0.3 self permanent");}
     */
    public TableOutputAssert fdbOn(String device) {
        return command("bridge fdb show dev " + device);
    }

    /**
     * {@code ip addr}.
     * Example: {@code assertThat(result).node("node1").addresses().holds("    inet 10.1.15.1/24 brd 10.1.15.255 scope global docker0");}
     */
    public TableOutputAssert addresses() {
        return command("ip addr");
    }

    /**
     * {@code ip link show DEVICE}.
     * Example: {@code assertThat(result).node("node2").link("flannel.1").holds("    link/ether 5e:f8:4f:00:e3:37 brd ff:ff:ff:ff:ff:ff");}
     */
    public TableOutputAssert link(String device) {
        return command("ip link show " + device);
    }

    /**
     * {@code cat /run/flannel/subnet.env}.
     * Example: {@code assertThat(result).node("node1").subnetEnv().holds("FLANNEL_SUBNET=10.1.15.1/24");}
     */
    public TableOutputAssert subnetEnv() {
        return command("cat /run/flannel/subnet.env");
    }

    /**
     * Any command {@code overlaysim show} answers.
     * Example: {@code assertThat(result).node("node1").command("ip route get 10.1.16.3").holds("10.1.16.3 via 10.1.16.0 dev flannel.1 src 10.1.15.0 uid 0");}
     */
    public TableOutputAssert command(String command) {
        return result.table(where, command);
    }

    /**
     * Back to the assertions on the whole run.
     * Example: {@code assertThat(result).node("node1").and().flow("ping-1").deliveredAll();}
     */
    public ScenarioResultAssert and() {
        return result;
    }
}
