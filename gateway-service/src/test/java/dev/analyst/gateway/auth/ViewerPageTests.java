package dev.analyst.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.gateway.GatewayProperties;
import dev.analyst.gateway.openai.OpenAiErrors;
import dev.analyst.gateway.problem.ProblemResponses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The browser page at {@code /}: served without an API key, while the API behind it still wants one, and
 * loading nothing but the gateway's own files (plotly.js included, from its webjar).
 */
@WebFluxTest(useDefaultFilters = false, properties = "analyst.gateway.api-keys=page-key:acme:alice")
@Import({AuthConfiguration.class, ProblemResponses.class, OpenAiErrors.class})
@EnableConfigurationProperties(GatewayProperties.class)
class ViewerPageTests {

    private static final String PLOTLY = "/webjars/plotly.js-dist/2.35.3/plotly.js";
    private static final Pattern SCRIPT = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL);
    private static final Pattern REFERENCE = Pattern.compile("\\b(?:src|href|action)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern ANY_URL = Pattern.compile("(?i)(?:https?:)?//[a-z0-9.-]+\\.[a-z]{2,}");
    private static final Pattern IMPORT = Pattern.compile("\\bfrom\\s+\"([^\"]+)\"|\\bimport\\s*\\(\\s*\"([^\"]+)\"");

    @Autowired
    private WebTestClient web;

    @Test
    void servesThePageAtTheRootWithoutAKey() {
        var page = page("/");

        assertThat(page)
                .contains("<script src=\"" + PLOTLY + "\" defer></script>")
                .contains("<script type=\"module\" src=\"/js/main.js\"></script>")
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

    /** The policy runs scripts from the gateway only: no CDN, no inline script, no eval. */
    @Test
    void thePolicyAllowsOnlyTheGatewaysOwnScripts() {
        var page = page("/index.html");

        assertThat(page)
                .contains("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';")
                .contains("connect-src 'self';")
                .doesNotContain("unsafe-eval");
        var scripts = SCRIPT.matcher(page);
        while (scripts.find()) {
            assertThat(scripts.group(1)).as("every script is a file").contains("src=\"/");
            assertThat(scripts.group(2)).as("no inline script").isBlank();
        }
    }

    /** Every script, style and link the page and its files name is on the gateway: none is on another host. */
    @Test
    void nothingNamesAnExternalUrl() throws IOException {
        var page = page("/index.html");
        var references = REFERENCE.matcher(page);
        var found = new ArrayList<String>();
        while (references.find()) {
            found.add(references.group(1));
        }
        assertThat(found)
                .isNotEmpty()
                .allSatisfy(reference ->
                        assertThat(reference).as("same-origin path").matches("^(/[^/].*|#.*)$"));
        assertThat(ANY_URL.matcher(page.replaceAll("<!--.*?-->", "")).find())
                .as("no URL of another host in the page")
                .isFalse();
        for (var file : ownFiles()) {
            var text = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(ANY_URL.matcher(text).find())
                    .as("no URL of another host in " + file.getFileName())
                    .isFalse();
            assertThat(text).as(file.getFileName() + " imports nothing by URL").doesNotContain("@import");
        }
    }

    /** The module graph is complete: each file the entry point imports, directly or not, is served. */
    @Test
    void servesEveryModuleThePageImports() throws IOException {
        var pending = new ArrayList<>(List.of("/js/main.js"));
        var seen = new ArrayList<String>();
        while (!pending.isEmpty()) {
            var path = pending.removeFirst();
            if (seen.contains(path)) {
                continue;
            }
            seen.add(path);
            var module = web.get()
                    .uri(path)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .value("Content-Type", type -> assertThat(type).contains("javascript"))
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            var imports = IMPORT.matcher(module);
            while (imports.find()) {
                var target = imports.group(1) != null ? imports.group(1) : imports.group(2);
                assertThat(target).as("a relative import in " + path).startsWith("./");
                pending.add("/js/" + target.substring(2));
            }
        }
        assertThat(seen).contains("/js/api.js", "/js/sse.js", "/js/chat.js", "/js/admin.js");
        web.get().uri("/css/app.css").exchange().expectStatus().isOk();
    }

    @Test
    void servesTheChartLibraryFromItsWebjar() {
        web.head()
                .uri(PLOTLY)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .value("Content-Type", type -> assertThat(type).contains("javascript"));
    }

    private String page(String path) {
        return web.get()
                .uri(path)
                .accept(MediaType.TEXT_HTML)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private static List<Path> ownFiles() throws IOException {
        var root = new ClassPathResource("static").getFile().toPath();
        try (var files = Files.walk(root)) {
            return files.filter(file ->
                            file.toString().endsWith(".js") || file.toString().endsWith(".css"))
                    .toList();
        }
    }
}
