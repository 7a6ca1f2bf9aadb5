package org.convlens.base;

import java.security.SecureRandom;

/** Short random ids for URLs: 12 characters of an alphabet without look-alikes (60 bits). */
public final class RandomIds {

    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomIds() {
    }

    public static String next() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        return new String(id);
    }
}
