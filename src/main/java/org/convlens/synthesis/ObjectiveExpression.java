package org.convlens.synthesis;

import org.convlens.base.UserInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weighted sums of objectives written as text, for the form and the command line:
 * {@code class:3 - 0.5*class:5}, {@code channel:conv2:4 + channel:conv2:7}, {@code -neuron:conv1:2:10:12}.
 */
public final class ObjectiveExpression {

    private static final Pattern TERM = Pattern.compile("\\s*([+-])?\\s*(?:(\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)\\s*\\*\\s*)?([a-z]+):([^\\s+*]+)\\s*");

    private ObjectiveExpression() {
    }

    public static Objective parse(String text) {
        List<Objective> terms = new ArrayList<>();
        Matcher matcher = TERM.matcher(text);
        int at = 0;
        while (at < text.length() && matcher.find(at) && matcher.start() == at) {
            if (terms.size() > 0 && matcher.group(1) == null) break;
            double weight = (matcher.group(2) == null ? 1 : Double.parseDouble(matcher.group(2))) * ("-".equals(matcher.group(1)) ? -1 : 1);
            Objective term = term(matcher.group(3), matcher.group(4).split(":"), text);
            terms.add(weight == 1 ? term : weight == -1 ? Objectives.negate(term) : Objectives.times(weight, term));
            at = matcher.end();
        }
        if (terms.isEmpty() || at < text.length()) {
            throw new UserInputException("cannot read the objective '" + text + "': write terms like class:3, channel:LAYER:K or neuron:LAYER:K:Y:X, "
                    + "joined by + or −, each optionally weighted as 0.5*class:3");
        }
        return terms.size() == 1 ? terms.get(0) : Objectives.sum(terms);
    }

    private static Objective term(String kind, String[] args, String text) {
        try {
            return switch (kind) {
                case "class" -> {
                    if (args.length != 1) throw new NumberFormatException();
                    yield Objectives.classLogit(new int[]{Integer.parseInt(args[0])});
                }
                case "channel" -> {
                    if (args.length != 2) throw new NumberFormatException();
                    yield Objectives.channelMean(args[0], new int[]{Integer.parseInt(args[1])});
                }
                case "neuron" -> {
                    if (args.length != 4) throw new NumberFormatException();
                    yield Objectives.neuron(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                }
                default -> throw new UserInputException("unknown objective '" + kind + "' in '" + text + "': use class, channel or neuron");
            };
        } catch (NumberFormatException e) {
            throw new UserInputException("cannot read the term " + kind + ":" + String.join(":", args) + " in '" + text + "'");
        }
    }
}
