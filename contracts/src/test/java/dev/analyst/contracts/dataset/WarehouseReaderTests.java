package dev.analyst.contracts.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WarehouseReaderTests {

    private final SecretBox key = new SecretBox(new byte[32]);

    @Test
    void namesTheLoginAndSchemaAfterTheTenantAndRefusesOtherTenantIds() {
        var reader = WarehouseReader.of("acme_2");

        assertThat(reader.role()).isEqualTo("analyst_reader_acme_2");
        assertThat(reader.schema()).isEqualTo("warehouse_acme_2");
        assertThatThrownBy(() -> WarehouseReader.of("acme\"; DROP ROLE x; --"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void derivesTheSamePasswordFromTheSameKeyAndAnotherFromAnother() {
        var reader = WarehouseReader.of("acme");

        assertThat(reader.password(key)).isEqualTo(reader.password(new SecretBox(new byte[32])));
        assertThat(reader.password(key))
                .isNotEqualTo(WarehouseReader.of("globex").password(key));
        var other = new byte[32];
        other[0] = 1;
        assertThat(reader.password(key)).isNotEqualTo(reader.password(new SecretBox(other)));
    }

    @Test
    void provisioningNeverSendsThePasswordItself() {
        var reader = WarehouseReader.of("acme");

        assertThat(String.join("\n", reader.provisioningStatements(key)))
                .doesNotContain(reader.password(key))
                .contains("PASSWORD 'SCRAM-SHA-256$4096:");
    }

    @Test
    void theVerifierIsTheOnePostgresqlDerivesFromThePassword() throws Exception {
        var verifier = WarehouseReader.scramVerifier("pencil");

        // SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, recomputed here from RFC 5802.
        var parts = verifier.split("[$:]");
        assertThat(parts[0]).isEqualTo("SCRAM-SHA-256");
        assertThat(parts[1]).isEqualTo("4096");
        var salt = Base64.getDecoder().decode(parts[2]);
        var salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec("pencil".toCharArray(), salt, 4096, 256))
                .getEncoded();
        var serverKey = Mac.getInstance("HmacSHA256");
        serverKey.init(new SecretKeySpec(salted, "HmacSHA256"));
        assertThat(Base64.getDecoder().decode(parts[4]))
                .isEqualTo(serverKey.doFinal("Server Key".getBytes(StandardCharsets.UTF_8)));
        assertThat(WarehouseReader.scramVerifier("pencil"))
                .as("a fresh salt each time")
                .isNotEqualTo(verifier);
    }

    @Test
    void quotesTableNamesSoNoNameEndsTheIdentifier() {
        assertThat(WarehouseReader.of("acme").grantStatement("odd\"name"))
                .isEqualTo("GRANT SELECT ON \"warehouse_acme\".\"odd\"\"name\" TO \"analyst_reader_acme\"");
    }
}
