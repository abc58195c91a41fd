package dev.analyst.ingestion.datasource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EgressPolicyTests {

    private final EgressPolicy strict = new EgressPolicy(List.of());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "localhost", "0.0.0.0"})
    void refusesLoopbackAndAnyLocal(String host) {
        assertThatThrownBy(() -> strict.check(host)).isInstanceOf(EgressRefused.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.1.2.3",
                "172.16.0.5",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "fd00::1",
                "fe80::1",
                "224.0.0.1",
                "::ffff:10.0.0.1"
            })
    void refusesPrivateLinkLocalClusterAndMulticastRanges(String host) {
        assertThatThrownBy(() -> strict.check(host)).isInstanceOf(EgressRefused.class);
    }

    @Test
    void acceptsPublicAddresses() {
        assertThat(strict.check("93.184.216.34")).hasSize(1);
        assertThat(strict.check("2606:2800:220:1:248:1893:25c8:1946")).hasSize(1);
    }

    @Test
    void acceptsInternalAddressesInsideAnAllowedBlock() throws UnknownHostException {
        var policy = new EgressPolicy(List.of("127.0.0.1/32", "10.20.0.0/16"));

        assertThat(policy.check("127.0.0.1")).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(policy.check("10.20.3.4")).hasSize(1);
    }

    @Test
    void stillRefusesInternalAddressesOutsideTheAllowedBlocks() {
        var policy = new EgressPolicy(List.of("127.0.0.1/32", "10.20.0.0/16"));

        assertThatThrownBy(() -> policy.check("127.0.0.2")).isInstanceOf(EgressRefused.class);
        assertThatThrownBy(() -> policy.check("10.21.0.1")).isInstanceOf(EgressRefused.class);
        assertThatThrownBy(() -> policy.check("192.168.0.1")).isInstanceOf(EgressRefused.class);
    }

    @Test
    void refusesWithoutEchoingAnythingButTheHost() {
        assertThatThrownBy(() -> strict.check("127.0.0.1"))
                .isInstanceOfSatisfying(
                        EgressRefused.class,
                        e -> assertThat(e.getBody().getDetail()).doesNotContain("127.0.0.1"));
    }

    @Test
    void reportsUnresolvableHosts() {
        assertThatThrownBy(() -> strict.check("no-such-host.invalid")).isInstanceOf(HostUnresolvable.class);
    }

    @Test
    void neverResolvesNamesInTheAllowList() {
        assertThatThrownBy(() -> new EgressPolicy(List.of("localhost/32")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
