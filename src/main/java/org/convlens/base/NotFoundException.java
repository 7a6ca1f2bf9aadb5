package org.convlens.base;

/** Something asked for by id does not exist (or may not be seen): 404 in the API. */
public class NotFoundException extends UserInputException {

    public NotFoundException(String message) {
        super(message);
    }
}
