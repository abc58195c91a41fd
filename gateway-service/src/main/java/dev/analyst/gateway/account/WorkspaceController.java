package dev.analyst.gateway.account;

import dev.analyst.gateway.auth.Caller;
import jakarta.validation.Valid;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The caller's workspaces and, for their owners and admins, who is in them. */
@RestController
class WorkspaceController {

    private final Workspaces workspaces;

    WorkspaceController(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    @GetMapping("/api/workspaces")
    Mono<List<WorkspaceView>> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return Mono.defer(() -> workspaces.of(caller).collectList());
    }

    @PostMapping("/api/workspaces")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<WorkspaceView> create(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @Valid @RequestBody NewWorkspace workspace) {
        return Mono.defer(() -> workspaces.create(caller, workspace));
    }

    @GetMapping("/api/workspaces/{id}/members")
    Mono<List<MemberView>> members(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id) {
        return workspaces.members(caller, id).collectList();
    }

    @PostMapping("/api/workspaces/{id}/members")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<MemberView> add(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @PathVariable String id,
            @Valid @RequestBody NewMember member) {
        return workspaces.add(caller, id, member);
    }

    @DeleteMapping("/api/workspaces/{id}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> remove(
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable String id, @PathVariable UUID userId) {
        return workspaces.remove(caller, id, userId);
    }
}
