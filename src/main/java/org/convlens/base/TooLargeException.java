package org.convlens.base;

/** An upload over a size limit: 413 in the API. */
public class TooLargeException extends UserInputException {

    public TooLargeException(String message) {
        super(message);
    }
}
