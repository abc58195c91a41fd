package dev.analyst.gateway.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class QuestionControllerTests {

    @Test
    void streamsUnlessJsonIsAskedForExplicitly() {
        assertThat(QuestionController.wantsJson(accept(null))).isFalse();
        assertThat(QuestionController.wantsJson(accept("*/*"))).isFalse();
        assertThat(QuestionController.wantsJson(accept("text/event-stream"))).isFalse();
        assertThat(QuestionController.wantsJson(accept("text/event-stream, application/json")))
                .isFalse();
        assertThat(QuestionController.wantsJson(accept("application/json"))).isTrue();
        assertThat(QuestionController.wantsJson(accept("application/json, */*;q=0.5")))
                .isTrue();
    }

    @Test
    void titlesAConversationAfterItsFirstQuestionOnOneShortLine() {
        assertThat(Questions.title("  Revenue by\n region?  ")).isEqualTo("Revenue by region?");
        var title = Questions.title("x".repeat(500));
        assertThat(title).hasSize(Questions.TITLE_LENGTH).endsWith("…");
    }

    private static HttpHeaders accept(String value) {
        var headers = new HttpHeaders();
        if (value != null) {
            headers.set(HttpHeaders.ACCEPT, value);
        }
        return headers;
    }
}
