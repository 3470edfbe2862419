package dev.kv.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Finds a store, key or value that picocli took for one of the options a user hits by accident: {@code set s k -v}
 * would otherwise run with {@code --verbose} and an empty standard input, and {@code set s k -h} print help and
 * store nothing, both with exit status 0.
 *
 * <p>The rule: an option of the root command ({@code -v}, {@code -p}, {@code -c}, {@code --with}) or a help or
 * version option, given after the command's first argument while one of its arguments is missing, is
 * ambiguous: the user may have meant it as that argument. It is refused with a message saying to put {@code --}
 * before the arguments. Options before the arguments, or after all of them, are options.
 */
final class OptionLikeArguments {

    private static final Set<String> ACCIDENTAL = Set.of("-v", "--verbose", "-h", "--help", "-V", "--version", "-p",
            "--provider", "-c", "--config", "--with");

    private OptionLikeArguments() {
    }

    /**
     * The message for an ambiguous command line, or null if it is not ambiguous.
     *
     * @param root the root command's spec
     * @param args the whole command line
     * @return the message, without the {@code kv: } prefix, or null
     */
    static String ambiguity(CommandSpec root, String[] args) {
        int i = 0;
        CommandSpec sub = null;
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return null;
            }
            if (root.subcommands().containsKey(a)) {
                sub = root.subcommands().get(a).getCommandSpec();
                break;
            }
            if (takesParameter(root, a)) {
                i++;
            }
        }
        if (sub == null) {
            return null;
        }
        int commandEnd = i;
        int positionals = 0;
        int firstPositional = -1;
        String suspect = null;
        for (i = commandEnd + 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                positionals += args.length - i - 1;
                break;
            }
            OptionSpec option = option(sub, a);
            if (option == null) {
                if (firstPositional < 0) {
                    firstPositional = i;
                }
                positionals++;
                continue;
            }
            if (firstPositional >= 0 && suspect == null && ACCIDENTAL.contains(name(a))) {
                suspect = a;
            }
            if (takesParameter(sub, a)) {
                i++;
            }
        }
        int wanted = 0;
        PositionalParamSpec missing = null;
        for (PositionalParamSpec p : sub.positionalParameters()) {
            int before = wanted;
            wanted += p.arity().max();
            if (missing == null && positionals < wanted && positionals >= before) {
                missing = p;
            }
        }
        if (suspect == null || missing == null) {
            return null;
        }
        return quoted(suspect) + " among the arguments was taken as an option, and " + missing.paramLabel()
                + " is missing; if " + quoted(suspect) + " is meant as an argument, put -- before the arguments: "
                + suggestion(root.name(), args, commandEnd, firstPositional);
    }

    private static String suggestion(String name, String[] args, int commandEnd, int firstPositional) {
        List<String> words = new ArrayList<>();
        words.add(name);
        for (int i = 0; i < args.length; i++) {
            if (i == firstPositional) {
                words.add("--");
            }
            words.add(shellWord(args[i]));
        }
        return String.join(" ", words);
    }

    private static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_./=:@%+,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private static String quoted(String s) {
        return "'" + s + "'";
    }

    private static String name(String token) {
        int eq = token.indexOf('=');
        if (token.startsWith("--") && eq > 0) {
            return token.substring(0, eq);
        }
        if (!token.startsWith("--") && token.length() > 2) {
            return token.substring(0, 2);
        }
        return token;
    }

    private static OptionSpec option(CommandSpec spec, String token) {
        if (!token.startsWith("-") || token.length() < 2) {
            return null;
        }
        return spec.findOption(name(token));
    }

    /** Whether {@code token} is an option whose parameter is the next argument. */
    private static boolean takesParameter(CommandSpec spec, String token) {
        OptionSpec o = option(spec, token);
        return o != null && o.arity().min() > 0 && name(token).equals(token);
    }
}
