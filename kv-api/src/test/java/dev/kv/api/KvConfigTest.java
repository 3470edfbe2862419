package dev.kv.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KvConfigTest {

    @Test
    void toStringNeverShowsASecretButNamesItsProperty() {
        KvConfig config = KvConfig.builder()
                .set("kv.redis.password", "hunter2")
                .set("kv.redis.uri", "redis://127.0.0.1:6379")
                .set("kv.other.apiToken", "t0ken")
                .set("kv.other.clientSecret", "s3cret")
                .set("kv.other.credentials", "c4eds")
                .build();
        String shown = config.toString();
        for (String secret : new String[] {"hunter2", "t0ken", "s3cret", "c4eds"}) {
            assertFalse(shown.contains(secret), shown);
        }
        assertTrue(shown.contains("kv.redis.password=****"), shown);
        assertTrue(shown.contains("kv.redis.uri=redis://127.0.0.1:6379"), shown);
        // the values themselves are untouched
        assertEquals("hunter2", config.asMap().get("kv.redis.password"));
    }
}
