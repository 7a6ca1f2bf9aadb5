package org.convlens.base;

/** Input a user can fix: a corrupt file, a wrong shape, an unknown layer. The message is shown as is. */
public class UserInputException extends RuntimeException {

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
