package dev.analyst.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The configured API keys and the callers they stand for. Keys are kept only as SHA-256 digests and
 * compared in constant time, so neither a heap dump nor response timing reveals them.
 */
final class ApiKeys {

    // Tenants name warehouse schemas downstream, so they stay plain identifiers.
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_-]{1,63}");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.@+-]{1,128}");

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses {@code key:tenant:user} entries; blank entries are skipped. The message of a rejected
     * entry names its position, never the key.
     */
    static ApiKeys parse(List<String> configured) {
        var entries = new ArrayList<Entry>();
        var digests = new HashSet<String>();
        for (int i = 0; i < configured.size(); i++) {
            var entry = configured.get(i).strip();
            if (entry.isEmpty()) {
                continue;
            }
            var parts = entry.split(":", -1);
            if (parts.length != 3 || parts[0].isBlank()) {
                throw new IllegalArgumentException(
                        "API key entry " + (i + 1) + " is not key:tenant:user (keys may not contain ':')");
            }
            if (!TENANT.matcher(parts[1]).matches()) {
                throw new IllegalArgumentException(
                        "API key entry " + (i + 1) + " has an invalid tenant id (letters, digits, '_' and '-' only)");
            }
            if (!USER.matcher(parts[2]).matches()) {
                throw new IllegalArgumentException("API key entry " + (i + 1) + " has an invalid user id");
            }
            var digest = sha256(parts[0]);
            if (!digests.add(HexFormat.of().formatHex(digest))) {
                throw new IllegalArgumentException("API key entry " + (i + 1) + " repeats an earlier key");
            }
            entries.add(new Entry(digest, new Caller(parts[1], parts[2])));
        }
        return new ApiKeys(entries);
    }

    /** The caller a presented key belongs to; every configured key is compared, match or not. */
    Optional<Caller> authenticate(@Nullable String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        var digest = sha256(presented);
        Caller match = null;
        for (var entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest)) {
                match = entry.caller();
            }
        }
        return Optional.ofNullable(match);
    }

    int size() {
        return entries.size();
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private record Entry(byte[] digest, Caller caller) {}
}
