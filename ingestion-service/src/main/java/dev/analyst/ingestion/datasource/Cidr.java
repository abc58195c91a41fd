package dev.analyst.ingestion.datasource;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A block of addresses such as {@code 10.0.0.0/8} or {@code ::1/128}. */
record Cidr(byte[] network, int prefixLength) {

    /** Parses {@code address/prefix}; a bare address is a block of one. Only literals, never DNS. */
    static Cidr parse(String text) {
        var trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        var address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (!address.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("Not an address block: " + text);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an address block: " + text, e);
        }
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("Not an address block: " + text);
        }
        return new Cidr(bytes, prefix);
    }

    boolean contains(InetAddress address) {
        var bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xFF << (8 - remainingBits)) & 0xFF;
        return (bytes[fullBytes] & mask) == (network[fullBytes] & mask);
    }
}
