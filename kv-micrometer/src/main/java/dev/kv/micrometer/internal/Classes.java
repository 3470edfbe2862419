package dev.kv.micrometer.internal;

/**
 * Whether optional libraries are present. Names no type of those libraries, so it loads and links without them;
 * the classes that use a library are touched only after it was found here.
 */
final class Classes {

    private Classes() {
    }

    /** Whether {@code className} can be loaded by this module, without initialising it. */
    static boolean present(String className) {
        try {
            Class.forName(className, false, Classes.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
