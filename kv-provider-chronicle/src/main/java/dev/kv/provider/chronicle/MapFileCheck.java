package dev.kv.provider.chronicle;

import dev.kv.api.KvException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a map file's self-bootstrapping header before Chronicle sees the file. Chronicle waits about a minute
 * for the "ready" bit of a file that has none (random bytes) before failing, and reads whatever a foreign
 * header describes; checking the header here turns both into a prompt error naming the file. The check only
 * reads: the file is never modified.
 *
 * <p>The header (Chronicle Map's data-store specification, "self-bootstrapping header"): 8 bytes of hash, a
 * little-endian 32-bit size word whose top bit is set while the file is being initialised, then the header text
 * describing the map, which for a kv store begins with the map class and names {@code byte[]} keys and values.
 */
final class MapFileCheck {

    private static final String MAP_CLASS = "!net.openhft.chronicle.map.VanillaChronicleMap {";
    private static final int MAX_HEADER = 1 << 20;

    private MapFileCheck() {
    }

    static void validate(Path file, String store) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 12) {
                throw damaged(file, store, "it is " + size + " bytes long, shorter than a Chronicle Map header");
            }
            ByteBuffer word = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(word, 8);
            int sizeWord = word.getInt(0);
            boolean notReady = sizeWord < 0;
            int headerLength = sizeWord & 0x7fffffff;
            if (headerLength < MAP_CLASS.length() || headerLength > MAX_HEADER || 12L + headerLength > size) {
                throw damaged(file, store, "it does not start with a Chronicle Map header");
            }
            ByteBuffer text = ByteBuffer.allocate(headerLength);
            while (text.hasRemaining() && ch.read(text, 12 + text.position()) > 0) {
                // read fully
            }
            String header = new String(text.array(), StandardCharsets.ISO_8859_1);
            if (!header.startsWith(MAP_CLASS)) {
                throw damaged(file, store, "it does not start with a Chronicle Map header");
            }
            if (!header.contains("keyClass: !type byte[]") || !header.contains("valueClass: !type byte[]")) {
                throw damaged(file, store, "it is a Chronicle Map of other key or value types, not a kv store");
            }
            if (notReady) {
                throw damaged(file, store, "its initialisation never finished (the process creating it was"
                        + " stopped?); if it holds nothing you need, delete it and the store starts empty");
            }
        } catch (IOException e) {
            throw KvException.of(KvException.Reason.STORAGE, "store " + store + ": cannot read " + file + ": " + e, e);
        }
    }

    /** Whether the file has a header whose "being initialised" bit is still set. */
    static boolean isUnfinished(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < 12) {
                return false;
            }
            ByteBuffer word = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(word, 8);
            return word.getInt(0) < 0;
        } catch (IOException e) {
            return false;
        }
    }

    static KvException damaged(Path file, String store, String why) {
        return KvException.of(KvException.Reason.STORAGE, "store " + store + ": the file " + file
                + " is damaged or not a kv chronicle store: " + why + ". It was left unchanged.");
    }
}
