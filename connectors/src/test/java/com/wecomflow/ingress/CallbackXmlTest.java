package com.wecomflow.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallbackXmlTest {

    private static String nested(int depth) {
        return "<a>".repeat(depth) + "x" + "</a>".repeat(depth);
    }

    @Test
    void elementsAsDeepAsTheLimitAreRead() throws Exception {
        String xml = "<xml><Encrypt>" + nested(CallbackXml.MAX_ELEMENT_DEPTH - 2) + "</Encrypt></xml>";

        assertThat(CallbackXml.child(CallbackXml.parse(xml), "Encrypt")).isEqualTo("x");
    }

    @Test
    void elementsNestedDeeperThanTheLimitAreMalformedNotAStackOverflow() {
        String xml = "<xml><Encrypt>" + nested(37_000) + "</Encrypt></xml>";

        assertThatThrownBy(() -> CallbackXml.parse(xml)).isInstanceOf(MalformedRequestException.class)
                .hasMessageContaining("maxElementDepth");
        assertThatThrownBy(() -> CallbackXml.parse("<xml>" + nested(CallbackXml.MAX_ELEMENT_DEPTH) + "</xml>"))
                .isInstanceOf(MalformedRequestException.class);
    }
}
