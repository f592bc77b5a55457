package com.wecomflow.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WeComCryptoTest {

    /** The key and corp id of WeCom's published sample (WXBizMsgCrypt Sample). */
    private static final String SAMPLE_KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
    private static final String SAMPLE_CORP = "ww1436e0e65a779aee";

    @Test
    void signsLikeWeComsPublishedSample() {
        WeComCrypto crypto = new WeComCrypto("QDG6eK", SAMPLE_KEY, SAMPLE_CORP);

        assertThat(crypto.signature("1409659589", "263014780",
                "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="))
                .isEqualTo("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3");
    }

    @Test
    void decryptsWeComsPublishedSamples() throws Exception {
        WeComCrypto crypto = new WeComCrypto("QDG6eK", SAMPLE_KEY, SAMPLE_CORP);

        assertThat(crypto.decrypt("fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA=="))
                .isEqualTo("1288432023552776189");
        String event = crypto.decrypt("Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3"
                + "NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z"
                + "5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcD"
                + "NfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+");
        assertThat(CallbackXml.child(CallbackXml.parse(event), "Content")).isEqualTo("你好");
        assertThat(CallbackXml.child(CallbackXml.parse(event), "ToUserName")).isEqualTo(SAMPLE_CORP);
    }

    @Test
    void decryptsWhatAnIndependentImplementationEncrypted() throws Exception {
        String message = "<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName><Event>change_external_contact</Event>"
                + "<State>直播间_双11</State></xml>";

        String encrypted = independentlyEncrypt(message, SAMPLE_KEY, SAMPLE_CORP);

        assertThat(new WeComCrypto("t", SAMPLE_KEY, SAMPLE_CORP).decrypt(encrypted)).isEqualTo(message);
    }

    @Test
    void roundTripsChineseTextAndChecksSignaturesAndReceiveIds() throws Exception {
        WeComCrypto crypto = new WeComCrypto("token-1", SAMPLE_KEY, SAMPLE_CORP);
        String message = "客户 加了 员工 😀 " + "签到".repeat(100);
        String encrypted = crypto.encrypt(message);
        String signature = crypto.signature("1790000000", "nonce", encrypted);

        assertThat(crypto.verifyAndDecrypt(signature, "1790000000", "nonce", encrypted)).isEqualTo(message);
        assertThatThrownBy(() -> crypto.verifyAndDecrypt(signature, "1790000001", "nonce", encrypted))
                .hasMessage("signature does not match");
        assertThatThrownBy(() -> new WeComCrypto("token-1", SAMPLE_KEY, "ww_other").decrypt(encrypted))
                .hasMessageContaining("receive id ww1436e0e65a779aee is not this corp");
        byte[] tampered = Base64.getDecoder().decode(encrypted);
        tampered[tampered.length - 1] ^= 0x55;
        assertThatThrownBy(() -> crypto.decrypt(Base64.getEncoder().encodeToString(tampered)))
                .isInstanceOf(WeComCrypto.RejectedException.class);
    }

    /**
     * WeCom's scheme written independently of {@link WeComCrypto}: the JDK's own PKCS#5 padding
     * (16-byte blocks, which a 32-byte PKCS#7 reader must accept too).
     */
    private static String independentlyEncrypt(String message, String encodingAesKey, String receiveId) throws Exception {
        byte[] key = Base64.getDecoder().decode(encodingAesKey + "=");
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        byte[] id = receiveId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer plain = ByteBuffer.allocate(16 + 4 + text.length + id.length);
        plain.put("0123456789abcdef".getBytes(StandardCharsets.US_ASCII)).putInt(text.length).put(text).put(id);
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
        return Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
    }
}
