package com.wecomflow.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomflow.records.ArchiveMessage;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Chat-archive messages as WeCom's finance SDK (会话存档) decrypts them, following the SDK
 * documentation's message examples, plus the archive bridge's {@code corpid} and {@code seq}.
 */
class ArchiveMessageParserTest {

    private static final String CORP = "wwd2a4f6b8c0e2a4f6";
    private static final String ROOM = "wrLUMvDQAAIMv5wrmRAjdlPFy7ghXMjg";

    private final ArchiveMessageParser parser = new ArchiveMessageParser();

    private ArchiveMessage parse(String json) throws ParseException {
        Optional<ArchiveMessage> message = parser.parse(json);
        assertThat(message).as("parsed message of %s", json).isPresent();
        return message.get();
    }

    @Test
    void textInAOneToOneChat() throws Exception {
        ArchiveMessage message = parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","seq":1001,
                 "msgid":"CAQQluDa4QUY0On2rYSAgAMgzPrShAE=","action":"send","from":"XuJinSheng",
                 "tolist":["wmErxtDgAA9AW32YyyuYRimKr7D1KWlw"],"roomid":"","msgtime":1547087894783,
                 "msgtype":"text","text":{"content":"test"}}
                """);

        assertThat(message.corpId()).isEqualTo(CORP);
        assertThat(message.seq()).isEqualTo(1001L);
        assertThat(message.msgId()).isEqualTo("CAQQluDa4QUY0On2rYSAgAMgzPrShAE=");
        assertThat(message.action()).isEqualTo("send");
        assertThat(message.from()).isEqualTo("XuJinSheng");
        assertThat(message.toList()).containsExactly("wmErxtDgAA9AW32YyyuYRimKr7D1KWlw");
        assertThat(message.roomId()).isEmpty();
        assertThat(message.msgTimeMillis()).isEqualTo(1547087894783L);
        assertThat(message.msgType()).isEqualTo("text");
        assertThat(message.textContent()).isEqualTo("test");
        assertThat(message.readableTexts()).containsExactly("test");
        assertThat(message.isCounted()).isTrue();
        assertThat(message.isOneToOne()).isTrue();
        assertThat(message.isGroupMessage()).isFalse();
        assertThat(message.identity()).isEqualTo(CORP + "/CAQQluDa4QUY0On2rYSAgAMgzPrShAE=");
    }

    @Test
    void textInAGroupWithoutSeq() throws Exception {
        ArchiveMessage message = parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6",
                 "msgid":"11788441727514772650_1603875624","action":"send","from":"wmErxtDgAA9AW32YyyuYRimKr7D1KWlw",
                 "tolist":["kenshawn","wmUu0zBgAALV7ZymkcMyxvtTe8YdWxw"],"roomid":"wrLUMvDQAAIMv5wrmRAjdlPFy7ghXMjg",
                 "msgtime":"1603875624476","msgtype":"text","text":{"content":"签到！"}}
                """);

        assertThat(message.seq()).isNull();
        assertThat(message.roomId()).isEqualTo(ROOM);
        assertThat(message.msgTimeMillis()).isEqualTo(1603875624476L);
        assertThat(message.toList()).containsExactly("kenshawn", "wmUu0zBgAALV7ZymkcMyxvtTe8YdWxw");
        assertThat(message.textContent()).isEqualTo("签到！");
        assertThat(message.isGroupMessage()).isTrue();
        assertThat(message.isOneToOne()).isFalse();
        assertThat(message.isCounted()).isTrue();
    }

    @Test
    void imageIsCountedButHasNoReadableText() throws Exception {
        ArchiveMessage message = parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","seq":1002,
                 "msgid":"CAQQvPnc4QUY0On2rYSAgAMgooLa0Q8=","action":"send","from":"XuJinSheng",
                 "tolist":["icefog"],"roomid":"","msgtime":1547088051523,"msgtype":"image",
                 "image":{"md5sum":"50de8e5ae8ffe4f1df7a93841f71993a","filesize":70961,
                          "sdkfileid":"CtYBMzA2OTAyMDEwMjA0NjIzMDYwMDIwMTAwMDIwNGI3ZWQ0MDQ2MDIwMzBmNTU0MTAyMDQ5Y2Q0ODdk"}}
                """);

        assertThat(message.msgType()).isEqualTo("image");
        assertThat(message.textContent()).isNull();
        assertThat(message.readableTexts()).isEmpty();
        assertThat(message.isCounted()).isTrue();
        assertThat(message.msgTimeMillis()).isEqualTo(1547088051523L);
    }

    @Test
    void revokeRecordIsNotCounted() throws Exception {
        ArchiveMessage message = parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","seq":1003,
                 "msgid":"15775510700152506326_1603875615","action":"recall","from":"kenshawn",
                 "tolist":["wmUu0zBgAALV7ZymkcMyxvtTe8YdWxw"],"roomid":"","msgtime":1603875615000,
                 "msgtype":"revoke","revoke":{"pre_msgid":"14822339130656386894_1603875600"}}
                """);

        assertThat(message.action()).isEqualTo("recall");
        assertThat(message.msgType()).isEqualTo("revoke");
        assertThat(message.from()).isEqualTo("kenshawn");
        assertThat(message.readableTexts()).isEmpty();
        assertThat(message.isCounted()).isFalse();
    }

    @Test
    void revokeTypeIsNotCountedEvenWithActionSend() throws Exception {
        ArchiveMessage message = parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","msgid":"r2","action":"send","from":"kenshawn",
                 "tolist":["wmUu0zBgAALV7ZymkcMyxvtTe8YdWxw"],"roomid":"","msgtime":1603875615000,
                 "msgtype":"revoke","revoke":{"pre_msgid":"14822339130656386894_1603875600"}}
                """);

        assertThat(message.isCounted()).isFalse();
    }

    @Test
    void agreeAndDisagreeAreNotCounted() throws Exception {
        ArchiveMessage agree = parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","seq":1004,
                 "msgid":"8891446340739254950_1603875826","action":"send","from":"wmGAgeDQAAvQeaTQWGUkMb9wZ7Ec_2Eg",
                 "tolist":["kenshawn"],"roomid":"","msgtime":1603875826656,"msgtype":"agree",
                 "agree":{"userid":"wmGAgeDQAAvQeaTQWGUkMb9wZ7Ec_2Eg","agree_time":1603875826656}}
                """);
        ArchiveMessage disagree = parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","seq":1005,
                 "msgid":"17952229780246929345_1603875873","action":"send","from":"wmGAgeDQAAvQeaTQWGUkMb9wZ7Ec_2Eg",
                 "tolist":["kenshawn"],"roomid":"","msgtime":1603875873763,"msgtype":"disagree",
                 "disagree":{"userid":"wmGAgeDQAAvQeaTQWGUkMb9wZ7Ec_2Eg","disagree_time":1603875873763}}
                """);

        assertThat(agree.action()).isEqualTo("send");
        assertThat(agree.msgType()).isEqualTo("agree");
        assertThat(agree.from()).isEqualTo("wmGAgeDQAAvQeaTQWGUkMb9wZ7Ec_2Eg");
        assertThat(agree.isCounted()).isFalse();
        assertThat(disagree.msgType()).isEqualTo("disagree");
        assertThat(disagree.isCounted()).isFalse();
        assertThat(agree.identity()).isNotEqualTo(disagree.identity());
    }

    @Test
    void switchRecordHasTimeAndUserAndIsNotCounted() throws Exception {
        ArchiveMessage message = parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","seq":1006,
                 "msgid":"125289002219525886280","action":"switch","time":1554119421840,"user":"XuJinSheng"}
                """);

        assertThat(message.action()).isEqualTo("switch");
        assertThat(message.msgId()).isEqualTo("125289002219525886280");
        assertThat(message.from()).isEqualTo("XuJinSheng");
        assertThat(message.msgTimeMillis()).isEqualTo(1554119421840L);
        assertThat(message.msgType()).isNull();
        assertThat(message.textContent()).isNull();
        assertThat(message.toList()).isEmpty();
        assertThat(message.readableTexts()).isEmpty();
        assertThat(message.isCounted()).isFalse();
        assertThat(message.isGroupMessage()).isFalse();
        assertThat(message.identity()).isEqualTo(CORP + "/125289002219525886280");
    }

    @Test
    void markdownTextComesFromInfo() throws Exception {
        ArchiveMessage message = parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","msgid":"9002356578063393152_1603876071","action":"send",
                 "from":"kenshawn","tolist":["wmErxtDgAA9AW32YyyuYRimKr7D1KWlw"],"roomid":"wrLUMvDQAAIMv5wrmRAjdlPFy7ghXMjg",
                 "msgtime":1603876071713,"msgtype":"markdown",
                 "info":{"content":"请前往系统查看，谢谢。"}}
                """);

        assertThat(message.msgType()).isEqualTo("markdown");
        assertThat(message.readableTexts()).containsExactly("请前往系统查看，谢谢。");
        // only a text message has textContent (a markdown is never a check-in)
        assertThat(message.textContent()).isNull();
        assertThat(message.isCounted()).isTrue();
        assertThat(message.isGroupMessage()).isTrue();
    }

    @Test
    void newsTextsAreEachArticlesTitleAndDescription() throws Exception {
        ArchiveMessage message = parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","msgid":"118732825779547782215","action":"send","from":"kenshawn",
                 "tolist":["wmErxtDgAA9AW32YyyuYRimKr7D1KWlw"],"roomid":"","msgtime":1547087894783,
                 "msgtype":"news",
                 "info":{"item":[
                   {"title":"service ","description":"test","url":"http://www.qq.com","picurl":"http://www.qq.com/a.png"},
                   {"title":"第二篇","description":"加微信领券","url":"http://www.qq.com/2","picurl":""}]}}
                """);

        assertThat(message.msgType()).isEqualTo("news");
        assertThat(message.readableTexts()).containsExactly("service ", "test", "第二篇", "加微信领券");
        assertThat(message.textContent()).isNull();
        assertThat(message.isCounted()).isTrue();
    }

    @Test
    void linkTitleAndDescriptionAreReadable() throws Exception {
        ArchiveMessage message = parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","msgid":"11788441727514772650_1603875624","action":"send",
                 "from":"kenshawn","tolist":["0000726"],"roomid":"","msgtime":1603875624476,"msgtype":"link",
                 "link":{"title":"邀请你加入群聊","description":"技术支持群，进入可查看详情",
                         "link_url":"https://work.weixin.qq.com/wework_admin/external_room/join/exceed?vcode=xxx",
                         "image_url":"https://wework.qpic.cn/wwpic/972337_XS2vI6KmQvOYNJQ_1603875624/"}}
                """);

        assertThat(message.readableTexts()).containsExactly("邀请你加入群聊", "技术支持群，进入可查看详情");
        assertThat(message.isCounted()).isTrue();
    }

    @Test
    void weappTitleAndDescriptionAreReadable() throws Exception {
        ArchiveMessage message = parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","msgid":"11930598857902605721","action":"send","from":"XuJinSheng",
                 "tolist":["wmErxtDgAA9AW32YyyuYRimKr7D1KWlw"],"roomid":"","msgtime":1547087894783,"msgtype":"weapp",
                 "weapp":{"title":"开始聊天前请仔细阅读服务须知事项","description":"客户需同意存档聊天记录",
                          "username":"xxx@app","displayname":"服务须知"}}
                """);

        assertThat(message.readableTexts()).containsExactly("开始聊天前请仔细阅读服务须知事项", "客户需同意存档聊天记录");
        assertThat(message.isCounted()).isTrue();
    }

    @Test
    void externalRedpacketPayloadIsRedpacket() throws Exception {
        ArchiveMessage message = parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","msgid":"8891446340739254950_1603875826","action":"send",
                 "from":"kenshawn","tolist":["wmUu0zBgAALV7ZymkcMyxvtTe8YdWxw"],"roomid":"","msgtime":1603875826656,
                 "msgtype":"external_redpacket",
                 "redpacket":{"type":1,"wish":"恭喜发财，大吉大利","totalcnt":1,"totalamount":3000}}
                """);

        assertThat(message.msgType()).isEqualTo("external_redpacket");
        assertThat(message.readableTexts()).isEmpty();
        assertThat(message.isCounted()).isTrue();
    }

    @Test
    void payloadThatIsNotAnObjectIsRejected() {
        // the redpacket payload lives under "redpacket", so a scalar there is a broken record
        assertThatThrownBy(() -> parser.parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","msgid":"m1","action":"send","from":"kenshawn",
                 "tolist":["wmUu0zBgAALV7ZymkcMyxvtTe8YdWxw"],"roomid":"","msgtime":1603875826656,
                 "msgtype":"external_redpacket","redpacket":"3000"}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("redpacket");
    }

    @Test
    void sameMessageFromOverlappingPullsHasTheSameIdentityAcrossSeq() throws Exception {
        String template = """
                {"corpid":"%s","seq":%d,"msgid":"CAQQluDa4QUY0On2rYSAgAMgzPrShAE=","action":"send",
                 "from":"XuJinSheng","tolist":["icefog"],"roomid":"","msgtime":1547087894783,
                 "msgtype":"text","text":{"content":"test"}}
                """;
        ArchiveMessage first = parse(template.formatted(CORP, 1));
        ArchiveMessage again = parse(template.formatted(CORP, 57));
        ArchiveMessage otherCorp = parse(template.formatted("ww0000000000000001", 1));

        assertThat(again.identity()).isEqualTo(first.identity());
        assertThat(otherCorp.identity()).isNotEqualTo(first.identity());
    }

    // ---------------------------------------------------------------- malformed

    @Test
    void tolistAsStringIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","msgid":"m1","action":"send","from":"XuJinSheng",
                 "tolist":"icefog","roomid":"","msgtime":1547087894783,"msgtype":"text","text":{"content":"test"}}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("tolist")
                .hasMessageContaining("must be an array");
    }

    @Test
    void nonNumericMsgtimeIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","msgid":"m1","action":"send","from":"XuJinSheng",
                 "tolist":["icefog"],"roomid":"","msgtime":"abc","msgtype":"text","text":{"content":"test"}}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("msgtime")
                .hasMessageContaining("whole number");
    }

    @Test
    void msgtimeInSecondsIsRejectedAsTheWrongUnit() {
        assertThatThrownBy(() -> parser.parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","msgid":"m1","action":"send","from":"XuJinSheng",
                 "tolist":["icefog"],"roomid":"","msgtime":1547087894,"msgtype":"text","text":{"content":"test"}}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessage("field msgtime must be Unix milliseconds, got 1547087894");
    }

    @Test
    void missingMsgidIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","action":"send","from":"XuJinSheng",
                 "tolist":["icefog"],"roomid":"","msgtime":1547087894783,"msgtype":"text","text":{"content":"test"}}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("missing required field msgid");
    }

    @Test
    void missingCorpidIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"msgid":"m1","action":"send","from":"XuJinSheng",
                 "tolist":["icefog"],"roomid":"","msgtime":1547087894783,"msgtype":"text","text":{"content":"test"}}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("missing required field corpid");
    }

    @Test
    void unknownActionIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"corpid":"wwd2a4f6b8c0e2a4f6","msgid":"m1","action":"forward","from":"XuJinSheng",
                 "tolist":["icefog"],"roomid":"","msgtime":1547087894783,"msgtype":"text","text":{"content":"test"}}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("action")
                .hasMessageContaining("forward");
    }

    @Test
    void notJsonIsRejected() {
        assertThatThrownBy(() -> parser.parse("msgid=m1&action=send"))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("not valid JSON");
    }
}
