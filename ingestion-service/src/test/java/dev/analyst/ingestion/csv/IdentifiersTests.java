package dev.analyst.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentifiersTests {

    @Test
    void turnsHeadersIntoLowerSnakeCase() {
        assertThat(Identifiers.columnNames(List.of("Price", "Area (sq ft)", "furnishingStatus", "HTTPServer", "Café")))
                .containsExactly("price", "area_sq_ft", "furnishing_status", "http_server", "cafe");
    }

    @Test
    void neutralisesSqlInHeaders() {
        var name = Identifiers.sanitize("x\"; DROP TABLE users; --", "column_1");

        assertThat(name).isEqualTo("x_drop_table_users").matches("[a-z_][a-z0-9_]*");
    }

    @Test
    void prefixesNamesStartingWithADigit() {
        assertThat(Identifiers.sanitize("2021 sales", "column_1")).isEqualTo("col_2021_sales");
    }

    @Test
    void suffixesReservedWords() {
        assertThat(Identifiers.columnNames(List.of("order", "Select", "user", "name")))
                .containsExactly("order_", "select_", "user_", "name");
    }

    @Test
    void namesBlankAndSymbolOnlyHeadersByPosition() {
        assertThat(Identifiers.columnNames(List.of("id", "", "%%%"))).containsExactly("id", "column_2", "column_3");
    }

    @Test
    void deduplicatesWithNumberedSuffixes() {
        assertThat(Identifiers.columnNames(List.of("Amount", "amount", "AMOUNT", "amount_2")))
                .containsExactly("amount", "amount_2", "amount_3", "amount_2_2");
    }

    @Test
    void keepsNamesWithinPostgresLimitEvenWhenDeduplicated() {
        var longHeader = "a".repeat(100);

        var names = Identifiers.columnNames(List.of(longHeader, longHeader));

        assertThat(names).allSatisfy(name -> assertThat(name).hasSizeLessThanOrEqualTo(63));
        assertThat(names.get(0)).isNotEqualTo(names.get(1));
        assertThat(names.get(1)).endsWith("_2");
    }

    @Test
    void picksTheFirstFreeName() {
        assertThat(Identifiers.unique("housing", Set.of("housing", "housing_2")))
                .isEqualTo("housing_3");
    }

    @Test
    void quotesIdentifiersForSql() {
        assertThat(Identifiers.quote("we\"ird")).isEqualTo("\"we\"\"ird\"");
    }
}
