/**
 * A deliberately broken third-party provider for kv-cli's tests: {@code delete} reports success and keeps the
 * value, so the conformance kit must fail it (DEL-1). Compiled and jarred by the tests themselves.
 */
module com.example.kv.forgetful {
    requires dev.kv.api;
    provides dev.kv.api.spi.KvProvider with com.example.kv.forgetful.ForgetfulKvProvider;
}
