package org.convlens.api;

import io.swagger.v3.oas.annotations.Operation;
import org.convlens.base.NotFoundException;
import org.convlens.experiment.ShareStore;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Revoking share links. */
@RestController
@RequestMapping("/api/shares")
public class SharesApi {

    private final ShareStore shares;

    public SharesApi(ShareStore shares) {
        this.shares = shares;
    }

    @Operation(summary = "Revoke a share link; afterwards /s/{token} answers 404")
    @DeleteMapping("/{token}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void revoke(@PathVariable String token) {
        if (!shares.revoke(token)) throw new NotFoundException("no live link " + token);
    }
}
