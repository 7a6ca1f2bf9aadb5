package org.convlens.api;

import org.convlens.base.NotFoundException;
import org.convlens.base.TooLargeException;
import org.convlens.base.UserInputException;
import org.convlens.engine.UnsupportedModelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;


/** Every API error as JSON {@code {"status": code, "error": message}} with the status that says what went wrong. */
@RestControllerAdvice(basePackages = "org.convlens.api")
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    public record Error(int status, String error) {
    }

    static ResponseEntity<Error> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(new Error(status.value(), message));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Error> notFound(NotFoundException e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(TooLargeException.class)
    ResponseEntity<Error> tooLarge(TooLargeException e) {
        return error(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(UnsupportedModelException.class)
    ResponseEntity<Error> unsupported(UnsupportedModelException e) {
        return error(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
    }

    @ExceptionHandler(UserInputException.class)
    ResponseEntity<Error> badInput(UserInputException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MissingServletRequestPartException.class, MissingServletRequestParameterException.class,
            MethodArgumentTypeMismatchException.class, HttpMediaTypeNotSupportedException.class})
    ResponseEntity<Error> malformed(Exception e) {
        String message = e instanceof HttpMessageNotReadableException ? "the request body is not valid JSON for this endpoint" : e.getMessage();
        return error(HttpStatus.BAD_REQUEST, message);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Error> unexpected(Exception e) {
        log.error("API request failed", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + e.getClass().getSimpleName());
    }

    /**
     * A request over the multipart limit fails before any controller is chosen, where package-scoped advice does not
     * apply; this one is global and only knows that one exception.
     */
    @RestControllerAdvice
    public static class UploadLimit {

        @ExceptionHandler(MaxUploadSizeExceededException.class)
        ResponseEntity<Error> uploadTooLarge(MaxUploadSizeExceededException e) {
            return error(HttpStatus.PAYLOAD_TOO_LARGE, "the upload is larger than the server accepts");
        }
    }
}
