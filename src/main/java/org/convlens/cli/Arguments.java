package org.convlens.cli;

import org.convlens.base.UserInputException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} pairs, {@code --name=value}, repeatable options and bare flags. */
final class Arguments {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    Arguments(String[] args, int from, Set<String> flags) {
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) throw new UserInputException("unexpected argument '" + arg + "'");
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (flags.contains(name)) {
                value = "true";
            } else {
                if (i + 1 >= args.length) throw new UserInputException("--" + name + " needs a value");
                value = args[++i];
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    void allowOnly(Set<String> names) {
        for (String name : values.keySet()) {
            if (!names.contains(name)) throw new UserInputException("unknown option --" + name);
        }
    }

    String get(String name) {
        List<String> list = values.get(name);
        return list == null ? null : list.get(list.size() - 1);
    }

    String require(String name) {
        String value = get(name);
        if (value == null) throw new UserInputException("--" + name + " is required");
        return value;
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    int intValue(String name, int fallback) {
        String value = get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UserInputException("--" + name + " must be a whole number, not '" + value + "'");
        }
    }

    double doubleValue(String name, double fallback) {
        String value = get(name);
        try {
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UserInputException("--" + name + " must be a number, not '" + value + "'");
        }
    }

    double[] doubles(String name) {
        String value = get(name);
        if (value == null) return null;
        try {
            String[] parts = value.split(",");
            double[] result = new double[parts.length];
            for (int i = 0; i < parts.length; i++) result[i] = Double.parseDouble(parts[i].trim());
            return result;
        } catch (NumberFormatException e) {
            throw new UserInputException("--" + name + " takes numbers separated by commas, not '" + value + "'");
        }
    }
}
