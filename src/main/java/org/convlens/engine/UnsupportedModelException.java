package org.convlens.engine;

import org.convlens.base.UserInputException;

/** A model file that is readable but uses something ConvLens cannot analyse. */
public class UnsupportedModelException extends UserInputException {

    public UnsupportedModelException(String message) {
        super(message);
    }

    public UnsupportedModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
