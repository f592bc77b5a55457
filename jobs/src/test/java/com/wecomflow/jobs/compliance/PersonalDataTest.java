package com.wecomflow.jobs.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.wecomflow.text.TextNormalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonalDataTest {

    @Test
    void findsMobileNumbersInTheirCommonForms() {
        assertThat(nationalNumbers("电话13800138000")).containsExactly("13800138000");
        assertThat(nationalNumbers("电话：１３８　００１３　８０００")).containsExactly("13800138000");
        assertThat(nationalNumbers("138-0013-8000")).containsExactly("13800138000");
        assertThat(nationalNumbers("138.0013.8000 找我")).containsExactly("13800138000");
        assertThat(nationalNumbers("+86 139 0013 9000")).containsExactly("13900139000");
        assertThat(nationalNumbers("0086-13900139000")).containsExactly("13900139000");
        assertThat(nationalNumbers("8613900139000")).containsExactly("13900139000");
    }

    @Test
    void rejectsWhatIsNotAMobileNumber() {
        assertThat(nationalNumbers("1380013800")).as("10 digits").isEmpty();
        assertThat(nationalNumbers("订单号 2013800138000")).as("inside a longer run").isEmpty();
        assertThat(nationalNumbers("138001380001")).as("12 digits").isEmpty();
        assertThat(nationalNumbers("5 13800138000")).as("a digit across one separator").isEmpty();
        assertThat(nationalNumbers("13800138000 7")).as("a digit after across one separator").isEmpty();
        assertThat(nationalNumbers("12800138000")).as("second digit not 3-9").isEmpty();
        assertThat(nationalNumbers("138--0013-8000")).as("two separators").isEmpty();
    }

    @Test
    void findsEmailAddressesInAnyCaseAndGluedToChineseText() {
        PersonalData data = new PersonalData(TextNormalizer.normalize("邮箱Chen.Li@QQ.com请回复"));

        assertThat(data.emails()).hasSize(1);
        assertThat(data.masked(data.emails().get(0))).isEqualTo("c***@qq.com");
    }

    @Test
    void masksEveryPieceOfPersonalDataInExcerpts() {
        String text = TextNormalizer.normalize("加微信或者打１３８－００１３－８０００，邮箱 wang.fang@163.com 都行");
        PersonalData data = new PersonalData(text);
        Span keyword = new Span(0, 3);

        String excerpt = data.excerpt(keyword, 100);
        assertThat(excerpt).isEqualTo("加微信或者打138****8000,邮箱 w***@163.com 都行");
        assertThat(data.masked(new Span(0, text.length()))).doesNotContain("0013").doesNotContain("wang.fang");
        assertThat(data.masked(data.phones().get(0).span())).isEqualTo("138****8000");
    }

    @Test
    void digitsInsideAnAddressArePartOfTheAddress() {
        String text = TextNormalizer.normalize("邮箱 a13800138000@qq.com 或 13800138000@QQ.com");
        PersonalData data = new PersonalData(text);

        assertThat(data.phones()).isEmpty();
        assertThat(data.masked(new Span(0, text.length()))).isEqualTo("邮箱 a***@qq.com 或 1***@qq.com");
    }

    @Test
    void aPlusDirectlyBeforeTheElevenDigitsIsStillThePhoneNumber() {
        assertThat(nationalNumbers("+13800138000")).containsExactly("13800138000");
    }

    @Test
    @org.junit.jupiter.api.Timeout(10)
    void findingAddressesStaysLinearOnAdversarialText() {
        String text = "a".repeat(200_000) + "@";
        assertThat(EmailAddresses.find(text)).isEmpty();
        assertThat(EmailAddresses.find("x".repeat(100_000) + "@qq.com")).hasSize(1);
    }

    @Test
    void anExcerptCutsAroundTheMatchAndSaysSo() {
        String text = "这是一段很长很长的聊天内容，中间提到了返现，后面还有很多很多别的内容";
        PersonalData data = new PersonalData(text);
        int at = text.indexOf("返现");

        assertThat(data.excerpt(new Span(at, at + 2), 3)).isEqualTo("…提到了返现，后面…");
    }

    private static List<String> nationalNumbers(String text) {
        return PhoneNumbers.find(TextNormalizer.normalize(text)).stream().map(PhoneNumbers.Found::nationalNumber).toList();
    }
}
