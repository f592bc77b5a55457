package com.wecomflow.jobs.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomflow.parse.ParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleSetTest {

    private static ComplianceRule rule(String json) throws ParseException {
        return RuleParser.parse(json);
    }

    @Test
    void matchesAfterCaseFoldingAndReportsEachRuleOnce() throws Exception {
        RuleSet rules = RuleSet.of(List.of(
                rule("{\"rule_id\":\"solicit\",\"type\":\"keyword\",\"words\":[\"加v\",\"加微信\"],\"category\":\"solicitation\",\"severity\":\"high\"}")));

        List<RuleSet.Hit> hits = rules.scan(List.of("加V聊", "再说一遍：加 微 信")).hits();

        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.rule().ruleId()).isEqualTo("solicit");
            assertThat(hit.matched()).isEqualTo("加v");
            assertThat(hit.rule().severity()).isEqualTo("high");
        });
    }

    @Test
    void builtInsAreOnUnlessARuleOfTheirIdDisablesThem() throws Exception {
        List<String> texts = List.of("电话13800138000，邮箱 Li@qq.com");
        assertThat(RuleSet.of(List.of()).scan(texts).hits()).extracting(hit -> hit.rule().ruleId())
                .containsExactly("builtin.phone", "builtin.email");

        RuleSet withoutPhone = RuleSet.of(List.of(rule("{\"rule_id\":\"builtin.phone\",\"enabled\":false}")));
        assertThat(withoutPhone.scan(texts).hits()).extracting(hit -> hit.rule().ruleId()).containsExactly("builtin.email");
        assertThat(RuleSet.of(List.of()).builtinsInForce()).containsExactly("builtin.phone", "builtin.email");
        assertThat(withoutPhone.builtinsInForce()).containsExactly("builtin.email");
    }

    @Test
    void regexRulesRunOnTheNormalisedTextAndNeverShowPersonalData() throws Exception {
        RuleSet rules = RuleSet.of(List.of(
                rule("{\"rule_id\":\"digits\",\"type\":\"regex\",\"pattern\":\"\\\\d{11}\",\"category\":\"x\"}"),
                rule("{\"rule_id\":\"builtin.phone\",\"enabled\":false}")));

        List<RuleSet.Hit> hits = rules.scan(List.of("ＴＥＬ１３８００１３８０００")).hits();

        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.matched()).isEqualTo("138****8000");
            assertThat(hit.excerpt()).isEqualTo("tel138****8000");
        });
    }

    @Test
    void laterLayersOverrideEarlierOnesByRuleId() throws Exception {
        ComplianceRule enabled = rule("{\"rule_id\":\"cash\",\"type\":\"keyword\",\"words\":[\"返现\"]}");
        ComplianceRule disabled = rule("{\"rule_id\":\"cash\",\"type\":\"keyword\",\"words\":[\"返现\"],\"enabled\":false}");

        assertThat(RuleSet.of(List.of(enabled)).scan(List.of("返现")).hits()).hasSize(1);
        assertThat(RuleSet.of(List.of(enabled), List.of(disabled)).scan(List.of("返现")).hits()).isEmpty();
        assertThat(RuleSet.of(List.of(enabled), List.of(ComplianceRule.deletion("cash"))).scan(List.of("返现")).hits()).isEmpty();
    }

    @Test
    void aRegexThatBacktracksCatastrophicallyIsStoppedAndTheOtherRulesStillMatch() throws Exception {
        RuleSet rules = RuleSet.of(List.of(
                rule("{\"rule_id\":\"evil\",\"type\":\"regex\",\"pattern\":\"(a+)+$\"}"),
                rule("{\"rule_id\":\"cash\",\"type\":\"keyword\",\"words\":[\"返现\"]}")));

        RuleSet.Scan scan = rules.scan(List.of("a".repeat(5_000) + "!返现"));

        assertThat(scan.stopped()).extracting(ComplianceRule::ruleId).containsExactly("evil");
        assertThat(scan.hits()).extracting(hit -> hit.rule().ruleId()).containsExactly("cash");
    }

    @Test
    void regexRulesWrittenWithCapitalsStillMatch() throws Exception {
        RuleSet rules = RuleSet.of(List.of(rule("{\"rule_id\":\"vx\",\"type\":\"regex\",\"pattern\":\"VX[:：]?\\\\s*\\\\w+\"}")));

        assertThat(rules.scan(List.of("ＶＸ: abc123")).hits()).singleElement()
                .satisfies(hit -> assertThat(hit.matched()).isEqualTo("vx: abc123"));
    }

    @Test
    void aRuleThatCannotWorkIsRejectedWithTheReason() {
        assertThatThrownBy(() -> rule("{\"rule_id\":\"bad\",\"type\":\"regex\",\"pattern\":\"(unclosed\"}"))
                .isInstanceOf(ParseException.class).hasMessageContaining("invalid regex");
        assertThatThrownBy(() -> rule("{\"rule_id\":\"bad\",\"type\":\"keyword\",\"words\":[]}"))
                .isInstanceOf(ParseException.class).hasMessageContaining("words");
        assertThatThrownBy(() -> rule("{\"rule_id\":\"bad\",\"type\":\"keyword\",\"words\":[\"x\"],\"severity\":\"urgent\"}"))
                .isInstanceOf(ParseException.class).hasMessageContaining("severity");
        assertThatThrownBy(() -> rule("{\"type\":\"keyword\",\"words\":[\"x\"]}"))
                .isInstanceOf(ParseException.class).hasMessageContaining("rule_id");
    }

    @Test
    void aRuleWithAnUnknownKeyIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> rule("{\"rule_id\":\"cashback\",\"type\":\"keyword\",\"words\":[\"返现\"],"
                + "\"categroy\":\"inducement\"}"))
                .isInstanceOf(ParseException.class)
                .hasMessageStartingWith("rule cashback: unknown key categroy (known: rule_id, type, words, pattern, category,");
        assertThatThrownBy(() -> rule("{\"rule_id\":\"builtin.phone\",\"enable\":false}"))
                .isInstanceOf(ParseException.class).hasMessageContaining("unknown key enable ");
    }
}
