package dev.kv.provider.redis;

import java.util.Arrays;

/**
 * One announcement from the scripts (see {@link Scripts}): a key was set (with its payload, or too large to
 * carry it) or deleted, at a revision.
 *
 * @param kind     {@code 'S'} set with payload, {@code 'L'} set without, {@code 'D'} delete
 * @param revision the key's revision after the change
 * @param payload  the payload for {@code 'S'}, else {@code null}
 */
record Notice(char kind, long revision, byte[] payload) {

    /** Parses a message; {@code null} if it is not one of ours (it is then ignored). */
    static Notice parse(byte[] message) {
        if (message == null || message.length < 2) {
            return null;
        }
        char kind = (char) message[0];
        if (kind != 'S' && kind != 'L' && kind != 'D') {
            return null;
        }
        long revision = 0;
        int i = 1;
        for (; i < message.length && message[i] >= '0' && message[i] <= '9'; i++) {
            revision = revision * 10 + (message[i] - '0');
        }
        if (i == 1 || revision <= 0) {
            return null;
        }
        if (kind == 'S') {
            if (i >= message.length || message[i] != ':') {
                return null;
            }
            return new Notice(kind, revision, Arrays.copyOfRange(message, i + 1, message.length));
        }
        return i == message.length ? new Notice(kind, revision, null) : null;
    }
}
