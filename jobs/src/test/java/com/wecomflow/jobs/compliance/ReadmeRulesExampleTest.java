package com.wecomflow.jobs.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's rules.jsonl example is what users copy: every line of it must be a rule the jobs take. */
class ReadmeRulesExampleTest {

    @Test
    void everyLineOfTheReadmesRulesExampleIsAValidRule() throws Exception {
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        int intro = readme.indexOf("A `rules.jsonl` for a replay or the rules topic:");
        int start = readme.indexOf("```json\n", intro) + "```json\n".length();
        List<String> lines = readme.substring(start, readme.indexOf("```", start)).strip().lines().toList();

        RuleLog log = new RuleLog();
        for (int i = 0; i < lines.size(); i++) {
            log.apply(null, lines.get(i), i + 1);
        }

        assertThat(intro).isPositive();
        assertThat(log.rejected()).isEmpty();
        assertThat(log.rules()).extracting(ComplianceRule::type)
                .contains(ComplianceRule.KEYWORD, ComplianceRule.REGEX, ComplianceRule.BEHAVIOR, ComplianceRule.BUILTIN);
    }
}
