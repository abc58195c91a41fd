package dev.analyst.gateway.run;

import dev.analyst.gateway.auth.Caller;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/runs/{runId}/feedback} with {@code {"correct": true}}: the caller says whether a
 * run's answer was right. 204 when recorded; 404 for a run that is not the caller's or not answered.
 */
@RestController
class FeedbackController {

    private final Feedback feedback;

    FeedbackController(Feedback feedback) {
        this.feedback = feedback;
    }

    @PostMapping("/api/runs/{runId}/feedback")
    Mono<ResponseEntity<Void>> rate(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable UUID runId,
            @Valid @RequestBody AnswerFeedback body) {
        return feedback.rate(caller, runId, body.correct())
                .thenReturn(ResponseEntity.noContent().build());
    }
}
