package dev.analyst.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.agent.stage.Decision;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.ForeignKey;
import dev.analyst.contracts.dataset.TableSchema;
import dev.analyst.contracts.dataset.WarehouseSchema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BuiltInPlannerTests {

    private static final List<String> YES_NO = List.of("no", "yes");

    /** The embedding model takes a second to load: once for every test. */
    private static final Meanings MEANINGS = new Meanings();

    private final BuiltInPlanner planner = new BuiltInPlanner(MEANINGS);

    /** Homes: two measures and two categories, one of them yes or no. */
    static final DatasetReady HOMES = dataset(
            "homes",
            new TableSchema(
                    "homes",
                    "homes",
                    10,
                    List.of(
                            column("price", "bigint", List.of()),
                            column("area", "bigint", List.of()),
                            column("bedrooms", "bigint", List.of()),
                            column("garage", "text", YES_NO),
                            column("heating_type", "text", List.of("gas", "electric", "heat pump"))),
                    List.of(),
                    null));

    private final DatasetReady homes = HOMES;

    @Test
    void countsRows() {
        assertThat(sql("How many homes are there?")).isEqualTo("SELECT count(*) AS number_of_rows FROM homes");
    }

    @Test
    void averagesANumberNamedPerGroupWithoutSayingHowAndCountsRowsNamedPerGroup() {
        assertThat(sql("Price by bedrooms"))
                .isEqualTo(
                        "SELECT bedrooms, avg(price) AS average_price FROM homes GROUP BY bedrooms ORDER BY bedrooms");
        assertThat(sql("Homes by bedrooms"))
                .isEqualTo(
                        "SELECT bedrooms, count(*) AS number_of_rows FROM homes GROUP BY bedrooms ORDER BY bedrooms");
    }

    @Test
    void averagesTheNamedColumn() {
        assertThat(sql("What is the mean area?")).isEqualTo("SELECT avg(area) AS average_area FROM homes");
    }

    @Test
    void groupsByTheColumnAfterBy() {
        assertThat(sql("Average price per heating type"))
                .isEqualTo("SELECT heating_type, avg(price) AS average_price FROM homes GROUP BY heating_type"
                        + " ORDER BY heating_type");
    }

    @Test
    void groupsByAYesNoColumnRatherThanFilteringOnIt() {
        assertThat(sql("Average price by garage"))
                .isEqualTo("SELECT garage, avg(price) AS average_price FROM homes GROUP BY garage ORDER BY garage");
        assertThat(sql("Average price of homes with a garage by heating type"))
                .isEqualTo("SELECT heating_type, avg(price) AS average_price FROM homes WHERE garage = 'yes'"
                        + " GROUP BY heating_type ORDER BY heating_type");
    }

    @Test
    void countsTheDifferentValuesOfAColumn() {
        assertThat(sql("How many different heating types are there?"))
                .isEqualTo("SELECT count(DISTINCT heating_type) AS number_of_different_heating_types FROM homes");
    }

    @Test
    void takesSpreadsAndPercentiles() {
        assertThat(sql("What is the standard deviation of price?"))
                .isEqualTo("SELECT stddev_samp(price) AS standard_deviation_of_price FROM homes");
        assertThat(sql("What is the variance of area?"))
                .isEqualTo("SELECT var_samp(area) AS variance_of_area FROM homes");
        assertThat(sql("What is the 90th percentile of price?"))
                .isEqualTo("SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY price) AS price_at_the_90th_percentile"
                        + " FROM homes");
        assertThat(sql("What is the upper quartile of area?"))
                .isEqualTo("SELECT percentile_cont(0.75) WITHIN GROUP (ORDER BY area) AS area_at_the_75th_percentile"
                        + " FROM homes");
    }

    @Test
    void readsRangesSetsAndQuotedText() {
        assertThat(sql("How many homes have between 2 and 4 bedrooms?"))
                .isEqualTo("SELECT count(*) AS number_of_rows FROM homes WHERE bedrooms BETWEEN 2 AND 4");
        assertThat(sql("Average price of homes with gas or electric heating"))
                .isEqualTo("SELECT avg(price) AS average_price FROM homes WHERE heating_type IN ('electric', 'gas')");
        assertThat(sql("How many homes have a heating type containing 'Heat'?"))
                .isEqualTo("SELECT count(*) AS number_of_rows FROM homes WHERE heating_type ILIKE '%Heat%'");
    }

    @Test
    void givesSharesInPercent() {
        assertThat(sql("What percentage of homes have a garage?"))
                .isEqualTo("SELECT 100.0 * count(*) FILTER (WHERE garage = 'yes') / NULLIF(count(*), 0)"
                        + " AS percentage_of_homes FROM homes");
        assertThat(sql("What share of the total price comes from homes with a garage?"))
                .isEqualTo("SELECT 100.0 * sum(price) FILTER (WHERE garage = 'yes') / NULLIF(sum(price), 0)"
                        + " AS percentage_of_total_price FROM homes");
        assertThat(planner.plan("What percentage of homes with gas heating have a garage?", null, List.of(homes)))
                .as("which condition is the part and which the whole is a guess")
                .isInstanceOf(Decision.NotUnderstood.class);
        assertThat(sql("Percentage of homes by heating type"))
                .isEqualTo("SELECT heating_type, 100.0 * count(*) / NULLIF(sum(count(*)) OVER (), 0)"
                        + " AS percentage_of_homes FROM homes GROUP BY heating_type ORDER BY heating_type");
        assertThat(planner.plan("What percentage of homes?", null, List.of(homes)))
                .isInstanceOf(Decision.NotUnderstood.class);
    }

    @Test
    void ranksRowsByTheMeasureASuperlativeNames() {
        assertThat(sql("List the 3 cheapest homes")).isEqualTo("SELECT price FROM homes ORDER BY price ASC LIMIT 3");
        assertThat(sql("Show the 2 most expensive houses"))
                .as("the rows of a one-table dataset, however called")
                .isEqualTo("SELECT price FROM homes ORDER BY price DESC NULLS LAST LIMIT 2");
        assertThat(sql("List the 3 most expensive homes"))
                .isEqualTo("SELECT price FROM homes ORDER BY price DESC NULLS LAST LIMIT 3");
        assertThat(sql("Show the bottom 3 homes by area"))
                .isEqualTo("SELECT area FROM homes ORDER BY area ASC LIMIT 3");
    }

    @Test
    void turnsComparisonsAndFlagsIntoFilters() {
        assertThat(sql("How many homes with more than 2 bedrooms have a garage?"))
                .isEqualTo("SELECT count(*) AS number_of_rows FROM homes WHERE bedrooms > 2 AND garage = 'yes'");
        assertThat(sql("How many homes without a garage?"))
                .isEqualTo("SELECT count(*) AS number_of_rows FROM homes WHERE garage = 'no'");
    }

    @Test
    void readsAbbreviatedColumnNames() {
        var decision = planner.plan(
                "Lowest price in the preferred area",
                null,
                List.of(dataset(
                        "houses",
                        new TableSchema(
                                "houses",
                                "houses",
                                10,
                                List.of(column("price", "bigint", List.of()), column("prefarea", "text", YES_NO)),
                                List.of(),
                                null))));
        assertThat(((Decision.Planned) decision).plan().sql())
                .isEqualTo("SELECT min(price) AS min_price FROM houses WHERE prefarea = 'yes'");
        assertThat(SchemaWords.abbreviation("the hot water heating works", column("hotwaterheating", "text", YES_NO)))
                .isEqualTo("hot water heating");
        assertThat(SchemaWords.abbreviation("a preface", column("prefarea", "text", YES_NO)))
                .isNull();
    }

    @Test
    void linksKnownValuesToTheirColumn() {
        assertThat(sql("Highest price of homes with heat pump"))
                .isEqualTo("SELECT max(price) AS max_price FROM homes WHERE heating_type = 'heat pump'");
    }

    @Test
    void ranksGroupsForWhichQuestions() {
        assertThat(sql("Which heating type has the highest average price?"))
                .isEqualTo("SELECT heating_type, avg(price) AS average_price FROM homes GROUP BY heating_type"
                        + " ORDER BY average_price DESC, heating_type LIMIT 1");
    }

    @Test
    void saysWhatItCannotPlaceRatherThanGuess() {
        var decision = planner.plan("What is the average shoe size?", null, List.of(homes));
        assertThat(decision).isInstanceOf(Decision.NotUnderstood.class);
        assertThat(((Decision.NotUnderstood) decision).suggestions()).isNotEmpty();
        assertThat(planner.plan("Why is the sky blue?", null, List.of(homes)))
                .isInstanceOf(Decision.NotUnderstood.class);
    }

    private final DatasetReady sales = dataset(
            "sales",
            new TableSchema(
                    "orders",
                    "orders",
                    10,
                    List.of(
                            column("order_id", "int4", List.of()),
                            column("ordered_at", "timestamp", List.of()),
                            column("amount", "numeric", List.of())),
                    List.of(),
                    null));

    @Test
    void filtersByACalendarYearOfTheDateColumn() {
        var decision = planner.plan("How many orders were placed in 2023?", null, List.of(sales));
        assertThat(((Decision.Planned) decision).plan().sql())
                .isEqualTo("SELECT count(*) AS number_of_rows FROM orders"
                        + " WHERE ordered_at >= '2023-01-01' AND ordered_at < '2024-01-01'");
    }

    @Test
    void groupsByTimeBuckets() {
        var decision = planner.plan("Total amount per month", null, List.of(sales));
        assertThat(((Decision.Planned) decision).plan().sql())
                .isEqualTo(
                        "SELECT extract(month FROM ordered_at)::int AS month, sum(amount) AS total_amount FROM orders"
                                + " GROUP BY extract(month FROM ordered_at)::int ORDER BY extract(month FROM ordered_at)::int");
    }

    @Test
    void neverIgnoresANumberItCouldNotPlace() {
        assertThat(planner.plan("How many homes cost 500000?", null, List.of(homes)))
                .isInstanceOf(Decision.NotUnderstood.class);
        assertThat(planner.plan("Average price by heating type 2023", null, List.of(homes)))
                .as("a number in what to group by")
                .isInstanceOf(Decision.NotUnderstood.class);
        assertThat(planner.plan("Which salesperson has the highest price?", null, List.of(homes)))
                .as("a which-question whose subject is nowhere")
                .isInstanceOf(Decision.NotUnderstood.class);
        assertThat(planner.plan("What is the 190th percentile of price?", null, List.of(homes)))
                .isInstanceOf(Decision.NotUnderstood.class);
    }

    @Test
    void readsFollowUpsAgainstThePreviousQuestion() {
        assertThat(followUp("Show the average price by bedrooms", "and by number of bedrooms?"))
                .isEqualTo(
                        "SELECT bedrooms, avg(price) AS average_price FROM homes GROUP BY bedrooms ORDER BY bedrooms");
        assertThat(followUp("Show the average price by heating type for homes with a garage", "and by bedrooms?"))
                .as("the condition after the group stays")
                .isEqualTo("SELECT bedrooms, avg(price) AS average_price FROM homes WHERE garage = 'yes'"
                        + " GROUP BY bedrooms ORDER BY bedrooms");
        assertThat(followUp("Show the average price by bedrooms", "and by heating type?"))
                .isEqualTo("SELECT heating_type, avg(price) AS average_price FROM homes GROUP BY heating_type"
                        + " ORDER BY heating_type");
        assertThat(followUp("What is the average price?", "What about the median?"))
                .isEqualTo("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY price) AS median_price FROM homes");
        assertThat(followUp("Highest price of homes with heat pump", "and with gas?"))
                .as("another value of the same column, not both")
                .isEqualTo("SELECT max(price) AS max_price FROM homes WHERE heating_type = 'gas'");
        assertThat(followUp("Highest price of homes with heat pump", "and per heating type?"))
                .as("grouped by the column a value pinned: every value")
                .isEqualTo("SELECT heating_type, max(price) AS max_price FROM homes GROUP BY heating_type"
                        + " ORDER BY heating_type");
        assertThat(followUp("How many homes are there?", "and with a garage?"))
                .isEqualTo("SELECT count(*) AS number_of_rows FROM homes WHERE garage = 'yes'");
        assertThat(((Decision.Planned) planner.plan("and in 2024?", null, List.of(sales), "Total amount in 2023"))
                        .plan()
                        .sql())
                .isEqualTo("SELECT sum(amount) AS total_amount FROM orders"
                        + " WHERE ordered_at >= '2024-01-01' AND ordered_at < '2025-01-01'");
    }

    @Test
    void readsAQuestionOfItsOwnAsItIsEvenInAConversation() {
        var decision = planner.plan("And what is the mean area?", null, List.of(homes), "Average price by bedrooms");
        assertThat(((Decision.Planned) decision).plan().sql()).isEqualTo("SELECT avg(area) AS average_area FROM homes");
        assertThat(((Decision.Planned) decision).plan().question()).isEqualTo("And what is the mean area?");
    }

    private String followUp(String previous, String question) {
        var decision = planner.plan(question, null, List.of(homes), previous);
        assertThat(decision).as(question).isInstanceOf(Decision.Planned.class);
        return ((Decision.Planned) decision).plan().sql();
    }

    @Test
    void refusesWhenThereIsNoDataset() {
        assertThat(planner.plan("How many rows?", null, List.of())).isInstanceOf(Decision.NoDataset.class);
        assertThat(planner.plan("How many rows?", "missing", List.of(homes))).isInstanceOf(Decision.NoDataset.class);
    }

    /** A schema none of the question sets uses: teachers teach courses students enrol in. */
    private final DatasetReady school = new DatasetReady(
            UUID.randomUUID(),
            Instant.now(),
            UUID.randomUUID(),
            "t1",
            "school",
            1,
            new WarehouseSchema("warehouse_t1"),
            List.of(
                    new TableSchema(
                            "teacher",
                            "teacher",
                            3,
                            List.of(
                                    column("teacher_id", "integer", List.of()),
                                    column("first_name", "character varying(40)", List.of("Ada", "Alan", "Grace")),
                                    column(
                                            "last_name",
                                            "character varying(40)",
                                            List.of("Lovelace", "Turing", "Hopper")),
                                    column("title", "character varying(40)", List.of("Professor", "Lecturer"))),
                            List.of(),
                            null),
                    new TableSchema(
                            "course",
                            "course",
                            5,
                            List.of(
                                    column("course_id", "integer", List.of()),
                                    column("title", "character varying(80)", List.of()),
                                    column("teacher_id", "integer", List.of()),
                                    column("credits", "numeric(3,1)", List.of())),
                            List.of(new ForeignKey(List.of("teacher_id"), "teacher", List.of("teacher_id"))),
                            null),
                    new TableSchema(
                            "student",
                            "student",
                            50,
                            List.of(
                                    column("student_id", "integer", List.of()),
                                    column("name", "text", List.of()),
                                    column("country", "text", List.of("Portugal", "Spain", "France"))),
                            List.of(),
                            null),
                    new TableSchema(
                            "enrollment",
                            "enrollment",
                            200,
                            List.of(
                                    column("enrollment_id", "integer", List.of()),
                                    column("student_id", "integer", List.of()),
                                    column("course_id", "integer", List.of()),
                                    column("enrolled_on", "date", List.of()),
                                    column("fee", "numeric(8,2)", List.of()),
                                    column("grade", "numeric(4,1)", List.of())),
                            List.of(
                                    new ForeignKey(List.of("student_id"), "student", List.of("student_id")),
                                    new ForeignKey(List.of("course_id"), "course", List.of("course_id"))),
                            null)));

    @Test
    void countsTheNamedRowsPerTableTheyReferenceJoinedAlongForeignKeys() {
        assertThat(schoolSql("Which teacher has the most courses?"))
                .isEqualTo("SELECT teacher.first_name, teacher.last_name, count(*) AS number_of_courses FROM course"
                        + " JOIN teacher ON course.teacher_id = teacher.teacher_id"
                        + " GROUP BY teacher.first_name, teacher.last_name, teacher.teacher_id"
                        + " ORDER BY number_of_courses DESC, teacher.first_name, teacher.last_name, teacher.teacher_id"
                        + " LIMIT 1");
        assertThat(schoolSql("Top 2 courses by number of enrollments"))
                .isEqualTo("SELECT course.title, count(*) AS number_of_enrollments FROM enrollment"
                        + " JOIN course ON enrollment.course_id = course.course_id GROUP BY course.title, course.course_id"
                        + " ORDER BY number_of_enrollments DESC, course.title, course.course_id LIMIT 2");
    }

    @Test
    void addsUpTheRowsThatHoldTheNumbersWhateverTheQuestionNamesFirst() {
        assertThat(schoolSql("Average grade of students from Portugal"))
                .isEqualTo("SELECT avg(enrollment.grade) AS average_grade FROM enrollment"
                        + " JOIN student ON enrollment.student_id = student.student_id"
                        + " WHERE student.country = 'Portugal'");
        assertThat(schoolSql("Total fee per teacher"))
                .as("two joins away")
                .isEqualTo("SELECT teacher.first_name, teacher.last_name, sum(enrollment.fee) AS total_fee"
                        + " FROM enrollment JOIN course ON enrollment.course_id = course.course_id"
                        + " JOIN teacher ON course.teacher_id = teacher.teacher_id"
                        + " GROUP BY teacher.first_name, teacher.last_name, teacher.teacher_id"
                        + " ORDER BY teacher.first_name, teacher.last_name, teacher.teacher_id");
        assertThat(schoolSql("Number of enrollments per month"))
                .isEqualTo("SELECT extract(month FROM enrollment.enrolled_on)::int AS month, count(*)"
                        + " AS number_of_enrollments FROM enrollment GROUP BY extract(month FROM enrollment.enrolled_on)::int"
                        + " ORDER BY extract(month FROM enrollment.enrolled_on)::int");
    }

    @Test
    void averagesTheCountsOfGroups() {
        assertThat(schoolSql("Average number of enrollments per course"))
                .isEqualTo("SELECT avg(n) AS average_number_of_enrollments_per_course FROM (SELECT count(*) AS n"
                        + " FROM enrollment GROUP BY enrollment.course_id) AS per_group");
        assertThat(schoolSql("Maximum number of enrollments per month"))
                .isEqualTo("SELECT max(n) AS max_number_of_enrollments_per_month FROM (SELECT count(*) AS n"
                        + " FROM enrollment GROUP BY date_trunc('month', enrollment.enrolled_on)) AS per_group");
    }

    private final DatasetReady calls = dataset(
            "calls",
            new TableSchema(
                    "calls",
                    "calls",
                    10,
                    List.of(column("duration_seconds", "integer", List.of()), column("agent", "text", List.of())),
                    List.of(),
                    null));

    @Test
    void readsComparativesAndSuperlativesThatImplyTheirMeasure() {
        assertThat(sql(calls, "How many calls are longer than 600 seconds?"))
                .isEqualTo("SELECT count(*) AS number_of_rows FROM calls WHERE duration_seconds > 600");
        assertThat(sql(calls, "The longest call in minutes"))
                .isEqualTo("SELECT max(duration_seconds) / 60.0 AS max_duration_seconds_in_minutes FROM calls");
    }

    @Test
    void listsTheRowsOfATableFilteredByANameItKnows() {
        assertThat(schoolSql("List the courses by Lovelace"))
                .isEqualTo("SELECT course.title FROM course JOIN teacher ON course.teacher_id = teacher.teacher_id"
                        + " WHERE teacher.last_name = 'Lovelace' ORDER BY course.title");
    }

    @Test
    void readsTheQuestionInTheOrderItIsAsked() {
        assertThat(schoolSql("What is the smallest enrollment fee?"))
                .as("a minimum, though fee totals are sums elsewhere")
                .isEqualTo("SELECT min(enrollment.fee) AS min_fee FROM enrollment");
        assertThat(schoolSql("Total number of enrollments"))
                .isEqualTo("SELECT count(*) AS number_of_enrollments FROM enrollment");
        assertThat(schoolSql("Average grade per enrollment"))
                .as("per row of the table that holds the grades: no groups")
                .isEqualTo("SELECT avg(enrollment.grade) AS average_grade FROM enrollment");
        assertThat(schoolSql("How many enrollments cost more than $100?"))
                .isEqualTo("SELECT count(*) AS number_of_enrollments FROM enrollment WHERE enrollment.fee > 100");
    }

    @Test
    void groupsByWhatEachNames() {
        assertThat(schoolSql("How many courses does each teacher have?"))
                .isEqualTo("SELECT teacher.first_name, teacher.last_name, count(*) AS number_of_courses FROM course"
                        + " JOIN teacher ON course.teacher_id = teacher.teacher_id"
                        + " GROUP BY teacher.first_name, teacher.last_name, teacher.teacher_id"
                        + " ORDER BY teacher.first_name, teacher.last_name, teacher.teacher_id");
        assertThat(planner.plan("How many courses does each Professor have?", null, List.of(school)))
                .as("a value, not something to group by: said so rather than filtered")
                .isInstanceOf(Decision.NotUnderstood.class);
    }

    @Test
    void readsMissingValuesAsNulls() {
        assertThat(schoolSql("How many enrollments have no grade?"))
                .isEqualTo("SELECT count(*) AS number_of_enrollments FROM enrollment WHERE enrollment.grade IS NULL");
    }

    @Test
    void countsTheRowsThatLinkTwoTablesRatherThanRepeatOne() {
        // A student has many enrollments: counting students joined to courses would repeat them, but
        // the enrollments link each student to each course once.
        assertThat(schoolSql("Number of students per course"))
                .isEqualTo("SELECT course.title, count(DISTINCT student.student_id) AS number_of_students FROM student"
                        + " JOIN enrollment ON student.student_id = enrollment.student_id"
                        + " JOIN course ON enrollment.course_id = course.course_id"
                        + " GROUP BY course.title, course.course_id ORDER BY course.title, course.course_id");
    }

    @Test
    void refusesATotalThatAJoinAgainstAReferenceWouldInflate() {
        // A course has many enrollments: its credits joined to students repeat once per enrollment.
        var decision = planner.plan("Total credits per student", null, List.of(school));
        assertThat(decision).isInstanceOf(Decision.NotUnderstood.class);
        assertThat(((Decision.NotUnderstood) decision).message()).contains("repeats each course row");
    }

    @Test
    void readsANameAsTheRelatedRowsRatherThanARowOfTheSameName() {
        var courses = new TableSchema(
                "course",
                "course",
                2,
                List.of(
                        column("course_id", "integer", List.of()),
                        column("title", "text", List.of("Turing", "Logic")),
                        column("teacher_id", "integer", List.of())),
                List.of(new ForeignKey(List.of("teacher_id"), "teacher", List.of("teacher_id"))),
                null);
        var teachers = new TableSchema(
                "teacher",
                "teacher",
                2,
                List.of(
                        column("teacher_id", "integer", List.of()),
                        column("name", "text", List.of("Turing", "Hopper"))),
                List.of(),
                null);
        var decision = planner.plan(
                "Number of courses by Turing",
                null,
                List.of(new DatasetReady(
                        UUID.randomUUID(),
                        Instant.now(),
                        UUID.randomUUID(),
                        "t1",
                        "courses",
                        1,
                        new WarehouseSchema("warehouse_t1"),
                        List.of(courses, teachers))));
        assertThat(((Decision.Planned) decision).plan().sql())
                .isEqualTo("SELECT count(*) AS number_of_courses FROM course"
                        + " JOIN teacher ON course.teacher_id = teacher.teacher_id WHERE teacher.name = 'Turing'");
    }

    @Test
    void linksWordsToTheSchemaByMeaningWhenNoneNamesIt() {
        assertThat(schoolSql("Which tutor has the most courses?"))
                .as("a tutor is a teacher")
                .startsWith("SELECT teacher.first_name, teacher.last_name, count(*) AS number_of_courses FROM course"
                        + " JOIN teacher");
        assertThat(sql(homes, "What is the average cost?"))
                .as("a measure word of the lexicon")
                .isEqualTo("SELECT avg(price) AS average_price FROM homes");
        assertThat(sql(homes, "Average rooms by heating type"))
                .as("an aggregate of the closest column")
                .startsWith("SELECT heating_type, avg(bedrooms)");
    }

    @Test
    void doesNotGuessAMeasureTheSchemaHasNoWordFor() {
        assertThat(planner.plan("Total revenue per course", null, List.of(school)))
                .as("no revenue, sales, total or amount column: a fee is not said to be revenue")
                .isInstanceOf(Decision.NotUnderstood.class);
    }

    @Test
    void convertsADurationColumnToTheUnitAskedFor() {
        assertThat(sql(calls, "Average call duration in minutes"))
                .isEqualTo("SELECT avg(duration_seconds) / 60.0 AS average_duration_seconds_in_minutes FROM calls");
    }

    private String schoolSql(String question) {
        return sql(school, question);
    }

    private String sql(DatasetReady dataset, String question) {
        var decision = planner.plan(question, null, List.of(dataset));
        assertThat(decision).as(question).isInstanceOf(Decision.Planned.class);
        return ((Decision.Planned) decision).plan().sql();
    }

    private String sql(String question) {
        var decision = planner.plan(question, null, List.of(homes));
        assertThat(decision).isInstanceOf(Decision.Planned.class);
        return ((Decision.Planned) decision).plan().sql();
    }

    static ColumnSchema column(String name, String type, List<String> topValues) {
        return new ColumnSchema(name, name.replace('_', ' '), type, true, topValues, null);
    }

    static DatasetReady dataset(String name, TableSchema table) {
        return new DatasetReady(
                UUID.randomUUID(),
                Instant.now(),
                UUID.randomUUID(),
                "t1",
                name,
                1,
                new WarehouseSchema("warehouse_t1"),
                List.of(table));
    }
}
