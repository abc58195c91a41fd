package dev.analyst.ingestion.datasource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decides which hosts an external datasource may point at. Every address a host resolves to must be
 * public: no loopback, link-local (cloud metadata), private or cluster ranges, any-local or
 * multicast, unless an operator listed a block that contains it. The connection then goes to the
 * checked address, not to the name, so a second DNS answer cannot swap in an internal one.
 */
final class EgressPolicy {

    /** Ranges Java does not flag but that are just as internal. */
    private static final List<Cidr> ALSO_INTERNAL = List.of(
            Cidr.parse("0.0.0.0/8"), // "this network"
            Cidr.parse("100.64.0.0/10"), // carrier-grade NAT, often pod networks
            Cidr.parse("192.0.0.0/24"), // IETF protocol assignments
            Cidr.parse("198.18.0.0/15"), // benchmarking
            Cidr.parse("240.0.0.0/4"), // reserved, and the broadcast address
            Cidr.parse("fc00::/7"), // unique local addresses, the IPv6 private ranges
            Cidr.parse("64:ff9b::/96")); // NAT64, which can map onto IPv4 internals

    private final List<Cidr> allowed;

    EgressPolicy(List<String> allowedBlocks) {
        this.allowed = allowedBlocks.stream()
                .filter(block -> !block.isBlank())
                .map(Cidr::parse)
                .toList();
    }

    /**
     * The addresses of {@code host}, all of which the policy permits.
     *
     * @throws HostUnresolvable when DNS has no answer
     * @throws EgressRefused when any address is internal and not allowed
     */
    List<InetAddress> check(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException | SecurityException e) {
            throw new HostUnresolvable(host);
        }
        for (var address : addresses) {
            if (!permits(address)) {
                throw new EgressRefused(host);
            }
        }
        return List.of(addresses);
    }

    boolean permits(InetAddress address) {
        return !internal(address) || allowed.stream().anyMatch(block -> block.contains(address));
    }

    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        if (address instanceof Inet6Address v6 && embeddedIpv4(v6) instanceof InetAddress v4) {
            return internal(v4);
        }
        return ALSO_INTERNAL.stream().anyMatch(block -> block.contains(address));
    }

    /** The IPv4 address inside an IPv4-compatible ({@code ::a.b.c.d}) IPv6 address, if it is one. */
    private static @Nullable InetAddress embeddedIpv4(Inet6Address address) {
        var bytes = address.getAddress();
        for (int i = 0; i < 12; i++) {
            if (bytes[i] != 0) {
                return null;
            }
        }
        try {
            return InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
