package dev.analyst.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.gateway.GatewayProperties;
import dev.analyst.gateway.openai.OpenAiErrors;
import dev.analyst.gateway.problem.ProblemResponses;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The browser page at {@code /}: served without an API key, while the API behind it still wants one. */
@WebFluxTest(useDefaultFilters = false, properties = "analyst.gateway.api-keys=page-key:acme:alice")
@Import({AuthConfiguration.class, ProblemResponses.class, OpenAiErrors.class})
@EnableConfigurationProperties(GatewayProperties.class)
class ViewerPageTests {

    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);

    @Autowired
    private WebTestClient web;

    @Test
    void servesThePageAtTheRootWithoutAKey() {
        var page = web.get()
                .uri("/")
                .accept(MediaType.TEXT_HTML)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(page)
                .contains("Plotly.newPlot")
                .contains("https://cdn.jsdelivr.net/npm/plotly.js-dist-min@2.35.2/plotly.min.js\" integrity=\"sha384-")
                .contains("Content-Security-Policy");
        web.get().uri("/index.html").exchange().expectStatus().isOk();
    }

    @Test
    void theApiStillRefusesACallerWithoutAKey() {
        web.get()
                .uri("/api/datasets")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    /** The page's CSP allows its one inline script by hash: an edit to the script must update the hash. */
    @Test
    void thePolicyAllowsExactlyThePagesInlineScript() throws Exception {
        var page = web.get()
                .uri("/index.html")
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        var script = INLINE_SCRIPT.matcher(page);
        assertThat(script.find()).isTrue();
        var hash = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(script.group(1).getBytes(StandardCharsets.UTF_8)));

        assertThat(page)
                .contains("script-src 'self' https://cdn.jsdelivr.net 'sha256-" + hash + "';")
                .doesNotContain("unsafe-eval");
        assertThat(script.find()).as("one inline script only").isFalse();
    }
}
