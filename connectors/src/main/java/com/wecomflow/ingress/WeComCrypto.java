package com.wecomflow.ingress;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeCom's callback encryption (加解密方案), with the JDK's crypto only: the signature is
 * {@code sha1} of the sorted concatenation of token, timestamp, nonce and the encrypted text;
 * the text is AES-256-CBC with key {@code Base64(EncodingAESKey + "=")}, IV the key's first 16
 * bytes, PKCS#7 padding to a multiple of 32 bytes, over {@code 16 random bytes + 4-byte
 * big-endian length + message + receive id}.
 */
public final class WeComCrypto {

    /** A request that fails verification or decryption; the message says which check failed. */
    public static final class RejectedException extends Exception {
        public RejectedException(String message) {
            super(message);
        }
    }

    private static final int BLOCK = 32;

    private final String token;
    private final byte[] key;
    private final String receiveId;
    private final SecureRandom random = new SecureRandom();

    public WeComCrypto(String token, String encodingAesKey, String receiveId) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("the callback token is empty");
        }
        if (encodingAesKey == null || encodingAesKey.length() != 43) {
            throw new IllegalArgumentException("EncodingAESKey must be 43 characters");
        }
        this.token = token;
        try {
            this.key = Base64.getDecoder().decode(encodingAesKey + "=");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("EncodingAESKey is not Base64");
        }
        this.receiveId = receiveId;
    }

    /** {@code sha1(sort(token, timestamp, nonce, encrypted))}, lower-case hex. */
    public String signature(String timestamp, String nonce, String encrypted) {
        String[] parts = {token, timestamp, nonce, encrypted};
        Arrays.sort(parts);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(String.join("", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /** Checks the signature in constant time, then decrypts; the receive id must be ours. */
    public String verifyAndDecrypt(String signature, String timestamp, String nonce, String encrypted)
            throws RejectedException {
        if (signature == null || timestamp == null || nonce == null || encrypted == null) {
            throw new RejectedException("missing msg_signature, timestamp, nonce or encrypted text");
        }
        byte[] expected = signature(timestamp, nonce, encrypted).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
            throw new RejectedException("signature does not match");
        }
        return decrypt(encrypted);
    }

    /** Decrypts a Base64 text and checks its receive id. */
    public String decrypt(String encrypted) throws RejectedException {
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            plain = cipher.doFinal(Base64.getDecoder().decode(encrypted));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new RejectedException("cannot decrypt: " + e.getMessage());
        }
        int pad = plain.length == 0 ? 0 : plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > BLOCK || plain.length < 20 + pad) {
            throw new RejectedException("cannot decrypt: bad padding");
        }
        ByteBuffer content = ByteBuffer.wrap(plain, 0, plain.length - pad);
        content.position(16);
        int length = content.getInt();
        if (length < 0 || length > content.remaining()) {
            throw new RejectedException("cannot decrypt: bad message length");
        }
        byte[] message = new byte[length];
        content.get(message);
        byte[] rest = new byte[content.remaining()];
        content.get(rest);
        String from = new String(rest, StandardCharsets.UTF_8);
        if (!from.equals(receiveId)) {
            throw new RejectedException("receive id " + from + " is not this corp");
        }
        return new String(message, StandardCharsets.UTF_8);
    }

    /** Encrypts a message for this receive id (replies, and tests of the receiver). */
    public String encrypt(String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        byte[] id = receiveId.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = new byte[16];
        random.nextBytes(prefix);
        int length = 16 + 4 + text.length + id.length;
        int pad = BLOCK - length % BLOCK;
        ByteBuffer plain = ByteBuffer.allocate(length + pad);
        plain.put(prefix).putInt(text.length).put(text).put(id);
        for (int i = 0; i < pad; i++) {
            plain.put((byte) pad);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            return Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC is part of every JDK", e);
        }
    }
}
