package com.wecomflow.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomflow.records.CallbackEvent;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Callback events as the decrypted callback XML of WeCom's documented examples (客户联系 回调通知,
 * 事件格式), turned into one JSON object, element name to value (DESIGN section 3).
 */
class CallbackEventParserTest {

    private static final String CORP = "ww4asffe99e54c0f4c";

    private final CallbackEventParser parser = new CallbackEventParser();

    private CallbackEvent parse(String json) throws ParseException {
        Optional<CallbackEvent> event = parser.parse(json);
        assertThat(event).as("parsed event of %s", json).isPresent();
        return event.get();
    }

    // ---------------------------------------------------------------- change_external_contact

    @Test
    void addExternalContactWithNumericCreateTime() throws Exception {
        CallbackEvent event = parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610513,
                 "MsgType":"event","Event":"change_external_contact","ChangeType":"add_external_contact",
                 "UserID":"zhangsan","ExternalUserID":"woAJ2GCAAAXtWyujaWJHDDGi0mACH71w",
                 "State":"teststate","WelcomeCode":"WELCOMECODE"}
                """);

        assertThat(event.corpId()).isEqualTo(CORP);
        assertThat(event.event()).isEqualTo("change_external_contact");
        assertThat(event.changeType()).isEqualTo("add_external_contact");
        assertThat(event.createTimeSeconds()).isEqualTo(1403610513L);
        assertThat(event.createTimeMillis()).isEqualTo(1403610513000L);
        assertThat(event.userId()).isEqualTo("zhangsan");
        assertThat(event.externalUserId()).isEqualTo("woAJ2GCAAAXtWyujaWJHDDGi0mACH71w");
        assertThat(event.state()).isEqualTo("teststate");
        assertThat(event.chatId()).isNull();
        assertThat(event.updateDetail()).isNull();
        assertThat(event.memChangeList()).isEmpty();
        assertThat(event.identity()).isNotBlank();
        assertThat(event.isContactAdded()).isTrue();
        assertThat(event.isCustomerChurn()).isFalse();
        assertThat(event.isMembersAdded()).isFalse();
    }

    @Test
    void addHalfExternalContactWithCreateTimeAsNumericString() throws Exception {
        CallbackEvent event = parse("""
                {"ToUserName":"wwa1b2c3d4e5f60718","FromUserName":"sys","CreateTime":"1403610514",
                 "MsgType":"event","Event":"change_external_contact","ChangeType":"add_half_external_contact",
                 "UserID":"lisi","ExternalUserID":"wmAJ2GCAAAXtWyujaWJHDDGi0mACHAAA",
                 "State":"channel_poster_01","WelcomeCode":"WELCOMECODE"}
                """);

        assertThat(event.corpId()).isEqualTo("wwa1b2c3d4e5f60718");
        assertThat(event.changeType()).isEqualTo("add_half_external_contact");
        assertThat(event.createTimeSeconds()).isEqualTo(1403610514L);
        assertThat(event.userId()).isEqualTo("lisi");
        assertThat(event.externalUserId()).isEqualTo("wmAJ2GCAAAXtWyujaWJHDDGi0mACHAAA");
        assertThat(event.state()).isEqualTo("channel_poster_01");
        assertThat(event.isContactAdded()).isTrue();
    }

    @Test
    void editExternalContactHasNoState() throws Exception {
        CallbackEvent event = parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610515,
                 "MsgType":"event","Event":"change_external_contact","ChangeType":"edit_external_contact",
                 "UserID":"zhangsan","ExternalUserID":"woAJ2GCAAAXtWyujaWJHDDGi0mACH71w"}
                """);

        assertThat(event.changeType()).isEqualTo("edit_external_contact");
        assertThat(event.createTimeSeconds()).isEqualTo(1403610515L);
        assertThat(event.userId()).isEqualTo("zhangsan");
        assertThat(event.externalUserId()).isEqualTo("woAJ2GCAAAXtWyujaWJHDDGi0mACH71w");
        assertThat(event.state()).isNull();
        assertThat(event.isContactAdded()).isFalse();
        assertThat(event.isCustomerChurn()).isFalse();
    }

    @Test
    void delExternalContactWithSource() throws Exception {
        CallbackEvent event = parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":"1403610516",
                 "MsgType":"event","Event":"change_external_contact","ChangeType":"del_external_contact",
                 "UserID":"zhangsan","ExternalUserID":"woAJ2GCAAAXtWyujaWJHDDGi0mACH71w",
                 "Source":"DELETE_BY_TRANSFER"}
                """);

        assertThat(event.changeType()).isEqualTo("del_external_contact");
        assertThat(event.createTimeSeconds()).isEqualTo(1403610516L);
        assertThat(event.userId()).isEqualTo("zhangsan");
        assertThat(event.externalUserId()).isEqualTo("woAJ2GCAAAXtWyujaWJHDDGi0mACH71w");
        // the employee deleted the customer: not churn in the del_follow_user sense
        assertThat(event.isCustomerChurn()).isFalse();
        assertThat(event.isContactAdded()).isFalse();
    }

    @Test
    void delFollowUserIsCustomerChurn() throws Exception {
        CallbackEvent event = parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610517,
                 "MsgType":"event","Event":"change_external_contact","ChangeType":"del_follow_user",
                 "UserID":"zhangsan","ExternalUserID":"woAJ2GCAAAXtWyujaWJHDDGi0mACH71w"}
                """);

        assertThat(event.changeType()).isEqualTo("del_follow_user");
        assertThat(event.userId()).isEqualTo("zhangsan");
        assertThat(event.externalUserId()).isEqualTo("woAJ2GCAAAXtWyujaWJHDDGi0mACH71w");
        assertThat(event.isCustomerChurn()).isTrue();
        assertThat(event.isContactAdded()).isFalse();
    }

    @Test
    void transferFailWithFailReason() throws Exception {
        CallbackEvent event = parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610518,
                 "MsgType":"event","Event":"change_external_contact","ChangeType":"transfer_fail",
                 "FailReason":"customer_refused","UserID":"zhangsan",
                 "ExternalUserID":"woAJ2GCAAAXtWyujaWJHDDGi0mACH71w"}
                """);

        assertThat(event.changeType()).isEqualTo("transfer_fail");
        assertThat(event.createTimeSeconds()).isEqualTo(1403610518L);
        assertThat(event.userId()).isEqualTo("zhangsan");
        assertThat(event.externalUserId()).isEqualTo("woAJ2GCAAAXtWyujaWJHDDGi0mACH71w");
        assertThat(event.isCustomerChurn()).isFalse();
        assertThat(event.isContactAdded()).isFalse();
    }

    // ---------------------------------------------------------------- change_external_chat

    @Test
    void externalChatCreate() throws Exception {
        CallbackEvent event = parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610600,
                 "MsgType":"event","Event":"change_external_chat",
                 "ChatId":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA","ChangeType":"create"}
                """);

        assertThat(event.corpId()).isEqualTo(CORP);
        assertThat(event.event()).isEqualTo("change_external_chat");
        assertThat(event.changeType()).isEqualTo("create");
        assertThat(event.createTimeSeconds()).isEqualTo(1403610600L);
        assertThat(event.chatId()).isEqualTo("wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA");
        assertThat(event.updateDetail()).isNull();
        assertThat(event.memChangeList()).isEmpty();
        assertThat(event.userId()).isNull();
        assertThat(event.externalUserId()).isNull();
        assertThat(event.isMembersAdded()).isFalse();
        assertThat(event.isMembersRemoved()).isFalse();
        assertThat(event.isContactAdded()).isFalse();
    }

    @Test
    void externalChatUpdateAddMemberWithArrayMemChangeList() throws Exception {
        CallbackEvent event = parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610601,
                 "MsgType":"event","Event":"change_external_chat",
                 "ChatId":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA","ChangeType":"update","UpdateDetail":"add_member",
                 "JoinScene":1,"MemChangeCnt":3,
                 "MemChangeList":["wmAJ2GCAAAXtWyujaWJHDDGi0mAAAA","zhangsan","woAJ2GCAAAXtWyujaWJHDDGi0mBBBB"],
                 "LastMemVer":"9c3f97c2ada667dfb5f6d03308d963e1","CurMemVer":"71217227bbd112ecfe3a49c482195cb4"}
                """);

        assertThat(event.changeType()).isEqualTo("update");
        assertThat(event.updateDetail()).isEqualTo("add_member");
        assertThat(event.chatId()).isEqualTo("wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA");
        assertThat(event.createTimeSeconds()).isEqualTo(1403610601L);
        assertThat(event.memChangeList()).containsExactly(
                "wmAJ2GCAAAXtWyujaWJHDDGi0mAAAA", "zhangsan", "woAJ2GCAAAXtWyujaWJHDDGi0mBBBB");
        assertThat(event.isMembersAdded()).isTrue();
        assertThat(event.isMembersRemoved()).isFalse();
    }

    @Test
    void externalChatUpdateAddMemberWithCommaSeparatedMemChangeList() throws Exception {
        CallbackEvent event = parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":"1403610602",
                 "MsgType":"event","Event":"change_external_chat",
                 "ChatId":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA","ChangeType":"update","UpdateDetail":"add_member",
                 "JoinScene":"3","MemChangeCnt":"2",
                 "MemChangeList":"wmAJ2GCAAAXtWyujaWJHDDGi0mAAAA,zhangsan",
                 "LastMemVer":"71217227bbd112ecfe3a49c482195cb4","CurMemVer":"a3b1c5d7e9f1a3b5c7d9e1f3a5b7c9d1"}
                """);

        assertThat(event.createTimeSeconds()).isEqualTo(1403610602L);
        assertThat(event.memChangeList()).containsExactly("wmAJ2GCAAAXtWyujaWJHDDGi0mAAAA", "zhangsan");
        assertThat(event.isMembersAdded()).isTrue();
    }

    @Test
    void commaSeparatedMemChangeListWithSpacesIsTrimmed() throws Exception {
        CallbackEvent event = parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610603,
                 "MsgType":"event","Event":"change_external_chat",
                 "ChatId":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA","ChangeType":"update","UpdateDetail":"add_member",
                 "JoinScene":0,"MemChangeCnt":3,
                 "MemChangeList":" wmA1 ,  wmB2,wo C3 ",
                 "LastMemVer":"1","CurMemVer":"2"}
                """);

        assertThat(event.memChangeList()).containsExactly("wmA1", "wmB2", "wo C3");
    }

    @Test
    void xmlItemFormOfMemChangeListIsAccepted() throws Exception {
        // <MemChangeList><Item>Jack</Item><Item>Rose</Item></MemChangeList> as a generic XML-to-JSON converter writes it
        CallbackEvent event = parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610604,
                 "MsgType":"event","Event":"change_external_chat","ChatId":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA",
                 "ChangeType":"update","UpdateDetail":"add_member","JoinScene":1,"MemChangeCnt":2,
                 "MemChangeList":{"Item":["Jack","Rose"]},"LastMemVer":"1","CurMemVer":"2"}
                """);

        assertThat(event.memChangeList()).containsExactly("Jack", "Rose");
    }

    @Test
    void externalChatUpdateDelMember() throws Exception {
        CallbackEvent event = parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610605,
                 "MsgType":"event","Event":"change_external_chat",
                 "ChatId":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA","ChangeType":"update","UpdateDetail":"del_member",
                 "QuitScene":1,"MemChangeCnt":1,"MemChangeList":["wmAJ2GCAAAXtWyujaWJHDDGi0mAAAA"],
                 "LastMemVer":"a3b1c5d7e9f1a3b5c7d9e1f3a5b7c9d1","CurMemVer":"0f1e2d3c4b5a69788796a5b4c3d2e1f0"}
                """);

        assertThat(event.changeType()).isEqualTo("update");
        assertThat(event.updateDetail()).isEqualTo("del_member");
        assertThat(event.memChangeList()).containsExactly("wmAJ2GCAAAXtWyujaWJHDDGi0mAAAA");
        assertThat(event.isMembersRemoved()).isTrue();
        assertThat(event.isMembersAdded()).isFalse();
    }

    @Test
    void externalChatUpdateChangeOwnerNeedsNoMemChangeList() throws Exception {
        CallbackEvent event = parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610606,
                 "MsgType":"event","Event":"change_external_chat",
                 "ChatId":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA","ChangeType":"update","UpdateDetail":"change_owner"}
                """);

        assertThat(event.updateDetail()).isEqualTo("change_owner");
        assertThat(event.memChangeList()).isEmpty();
        assertThat(event.isMembersAdded()).isFalse();
        assertThat(event.isMembersRemoved()).isFalse();
    }

    @Test
    void externalChatDismiss() throws Exception {
        CallbackEvent event = parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610607,
                 "MsgType":"event","Event":"change_external_chat",
                 "ChatId":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA","ChangeType":"dismiss"}
                """);

        assertThat(event.changeType()).isEqualTo("dismiss");
        assertThat(event.chatId()).isEqualTo("wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA");
        assertThat(event.createTimeSeconds()).isEqualTo(1403610607L);
        assertThat(event.memChangeList()).isEmpty();
        assertThat(event.isMembersAdded()).isFalse();
        assertThat(event.isMembersRemoved()).isFalse();
    }

    // ---------------------------------------------------------------- ignored events

    @Test
    void unknownEventIsAcceptedAndIgnored() throws Exception {
        assertThat(parser.parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610700,
                 "MsgType":"event","Event":"change_external_tag","Id":"etm7wjCgAAqQv8DAAAAAAAAA",
                 "TagType":"tag","ChangeType":"create"}
                """)).isEmpty();
        assertThat(parser.parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":"1403610701",
                 "MsgType":"event","Event":"change_contact","ChangeType":"create_user","UserID":"zhangsan"}
                """)).isEmpty();
    }

    // ---------------------------------------------------------------- identity

    @Test
    void keyOrderAndWhitespaceDoNotChangeIdentity() throws Exception {
        CallbackEvent first = parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610513,
                 "MsgType":"event","Event":"change_external_contact","ChangeType":"add_external_contact",
                 "UserID":"zhangsan","ExternalUserID":"woAJ2GCAAAXtWyujaWJHDDGi0mACH71w",
                 "State":"teststate","WelcomeCode":"WELCOMECODE"}
                """);
        CallbackEvent retry = parse(
                "{ \"WelcomeCode\" : \"WELCOMECODE\", \"State\":\"teststate\","
                        + "\"ExternalUserID\":\"woAJ2GCAAAXtWyujaWJHDDGi0mACH71w\",\"UserID\":\"zhangsan\","
                        + "\"ChangeType\":\"add_external_contact\",\"Event\":\"change_external_contact\","
                        + "\"MsgType\":\"event\",\"CreateTime\":1403610513,\"FromUserName\":\"sys\","
                        + "\"ToUserName\":\"ww4asffe99e54c0f4c\"}");

        assertThat(retry.identity()).isEqualTo(first.identity());
        assertThat(retry).isEqualTo(first);
    }

    @Test
    void eventsInTheSameSecondDifferingOnlyInCustomerHaveDifferentIdentities() throws Exception {
        String template = """
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610513,
                 "MsgType":"event","Event":"change_external_contact","ChangeType":"add_external_contact",
                 "UserID":"zhangsan","ExternalUserID":"%s","State":"teststate","WelcomeCode":"WELCOMECODE"}
                """;
        CallbackEvent a = parse(template.formatted("wmCustomerAAAAAAAAAAAAAAAAAAAAAA"));
        CallbackEvent b = parse(template.formatted("wmCustomerBBBBBBBBBBBBBBBBBBBBBB"));

        assertThat(a.createTimeSeconds()).isEqualTo(b.createTimeSeconds());
        assertThat(a.identity()).isNotEqualTo(b.identity());
    }

    @Test
    void fieldsTheRecordDoesNotKeepStillTakePartInIdentity() throws Exception {
        // Two different group changes in the same second differing only in CurMemVer are different events.
        String template = """
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610601,
                 "MsgType":"event","Event":"change_external_chat","ChatId":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA",
                 "ChangeType":"update","UpdateDetail":"add_member","JoinScene":1,"MemChangeCnt":1,
                 "MemChangeList":["wmA1"],"LastMemVer":"1","CurMemVer":"%s"}
                """;
        assertThat(parse(template.formatted("2")).identity()).isNotEqualTo(parse(template.formatted("3")).identity());
    }

    // ---------------------------------------------------------------- malformed

    @Test
    void notJsonIsRejected() {
        assertThatThrownBy(() -> parser.parse("<xml><ToUserName><![CDATA[toUser]]></ToUserName></xml>"))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void jsonArrayIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                [{"ToUserName":"ww4asffe99e54c0f4c","CreateTime":1403610513,"Event":"change_external_chat"}]
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void emptyRecordIsRejected() {
        assertThatThrownBy(() -> parser.parse("  "))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void missingToUserNameIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"FromUserName":"sys","CreateTime":1403610513,"MsgType":"event",
                 "Event":"change_external_contact","ChangeType":"add_external_contact",
                 "UserID":"zhangsan","ExternalUserID":"woAJ2GCAAAXtWyujaWJHDDGi0mACH71w"}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("missing required field ToUserName");
    }

    @Test
    void nonNumericCreateTimeIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":"yesterday",
                 "MsgType":"event","Event":"change_external_contact","ChangeType":"add_external_contact",
                 "UserID":"zhangsan","ExternalUserID":"woAJ2GCAAAXtWyujaWJHDDGi0mACH71w"}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("CreateTime")
                .hasMessageContaining("whole number")
                .hasMessageContaining("yesterday");
    }

    @Test
    void createTimeInMillisecondsIsRejectedAsTheWrongUnit() {
        assertThatThrownBy(() -> parser.parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610513000,
                 "MsgType":"event","Event":"change_external_chat","ChatId":"wr1","ChangeType":"create"}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessage("field CreateTime must be Unix seconds, got 1403610513000");
    }

    @Test
    void fractionalCreateTimeIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610513.5,
                 "MsgType":"event","Event":"change_external_chat","ChatId":"wr1","ChangeType":"create"}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("CreateTime");
    }

    @Test
    void missingCreateTimeIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","MsgType":"event",
                 "Event":"change_external_contact","ChangeType":"add_external_contact",
                 "UserID":"zhangsan","ExternalUserID":"woAJ2GCAAAXtWyujaWJHDDGi0mACH71w"}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("missing required field CreateTime");
    }

    @Test
    void memChangeListAsNumberIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610601,
                 "MsgType":"event","Event":"change_external_chat","ChatId":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA",
                 "ChangeType":"update","UpdateDetail":"add_member","JoinScene":1,"MemChangeCnt":1,
                 "MemChangeList":12345,"LastMemVer":"1","CurMemVer":"2"}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("MemChangeList")
                .hasMessageContaining("NUMBER");
    }

    @Test
    void memChangeListWithNonStringItemIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610601,
                 "MsgType":"event","Event":"change_external_chat","ChatId":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA",
                 "ChangeType":"update","UpdateDetail":"del_member","QuitScene":0,"MemChangeCnt":1,
                 "MemChangeList":[{"id":"wmA1"}]}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("MemChangeList");
    }

    @Test
    void addMemberWithoutMemChangeListIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610601,
                 "MsgType":"event","Event":"change_external_chat","ChatId":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA",
                 "ChangeType":"update","UpdateDetail":"add_member","JoinScene":1,"MemChangeCnt":1,
                 "LastMemVer":"1","CurMemVer":"2"}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("missing required field MemChangeList");
    }

    @Test
    void memChangeListNamingNobodyIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610601,
                 "MsgType":"event","Event":"change_external_chat","ChatId":"wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA",
                 "ChangeType":"update","UpdateDetail":"add_member","MemChangeList":" , "}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("MemChangeList");
    }

    @Test
    void unknownChangeTypesAreValidEventsThatAreIgnored() throws Exception {
        // WeCom adds change types over time (msg_audit_approved is one); they are not malformed.
        assertThat(parser.parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610513,
                 "MsgType":"event","Event":"change_external_contact","ChangeType":"msg_audit_approved",
                 "UserID":"zhangsan","ExternalUserID":"woAJ2GCAAAXtWyujaWJHDDGi0mACH71w"}
                """)).isEmpty();
        assertThat(parser.parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610513,
                 "MsgType":"event","Event":"change_external_chat","ChatId":"wr1","ChangeType":"explode"}
                """)).isEmpty();
    }

    @Test
    void emptyIdsAreRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610601,
                 "MsgType":"event","Event":"change_external_chat","ChatId":"",
                 "ChangeType":"update","UpdateDetail":"add_member","MemChangeList":["wmA"]}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessage("field ChatId must not be empty");
    }

    @Test
    void trailingTextAfterTheObjectIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610601,
                 "MsgType":"event","Event":"change_external_chat","ChatId":"wr1",
                 "ChangeType":"update","UpdateDetail":"add_member","MemChangeList":["wmQ"]} trailing garbage
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageStartingWith("not valid JSON");
    }

    @Test
    void contactChangeWithoutExternalUserIdIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610513,
                 "MsgType":"event","Event":"change_external_contact","ChangeType":"del_follow_user",
                 "UserID":"zhangsan"}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("ExternalUserID");
    }

    @Test
    void chatChangeWithoutChatIdIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"ToUserName":"ww4asffe99e54c0f4c","FromUserName":"sys","CreateTime":1403610513,
                 "MsgType":"event","Event":"change_external_chat","ChangeType":"dismiss"}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("ChatId");
    }

    @Test
    void toUserNameOfWrongTypeIsRejected() {
        assertThatThrownBy(() -> parser.parse("""
                {"ToUserName":["ww4asffe99e54c0f4c"],"FromUserName":"sys","CreateTime":1403610513,
                 "MsgType":"event","Event":"change_external_chat","ChatId":"wr1","ChangeType":"dismiss"}
                """))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("ToUserName")
                .hasMessageContaining("must be a string");
    }
}
