package com.wecomflow.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wecomflow.parse.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * WeCom's callback XML, read with the JDK's parser (no DTDs, no external entities, elements
 * nested at most {@link #MAX_ELEMENT_DEPTH} deep), and turned
 * into the JSON of DESIGN section 3: one object, element name to text; an element holding
 * repeated {@code Item} elements ({@code MemChangeList}) becomes an array.
 */
public final class CallbackXml {

    /**
     * WeCom's deepest callback nests 4 elements ({@code xml/SendPicsInfo/PicList/item}). Unbounded
     * nesting would overflow the stack of whoever walks the tree (a 259 KB body nests 37,000).
     */
    public static final int MAX_ELEMENT_DEPTH = 16;

    private CallbackXml() {}

    /** The root element of a document, or an exception naming what is wrong. */
    public static Element parse(String xml) throws MalformedRequestException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            factory.setAttribute("jdk.xml.maxElementDepth", Integer.toString(MAX_ELEMENT_DEPTH));
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        } catch (Exception e) {
            throw new MalformedRequestException("not valid XML: " + e.getMessage());
        }
    }

    /** The text of a direct child element, or null. */
    public static String child(Element root, String name) {
        for (Element element : children(root)) {
            if (element.getTagName().equals(name)) {
                return element.getTextContent();
            }
        }
        return null;
    }

    /** The event as the contract's JSON object. */
    public static ObjectNode toJson(Element root) {
        ObjectNode object = Json.MAPPER.createObjectNode();
        for (Element element : children(root)) {
            object.set(element.getTagName(), value(element));
        }
        return object;
    }

    private static JsonNode value(Element element) {
        List<Element> children = children(element);
        if (children.isEmpty()) {
            return Json.MAPPER.getNodeFactory().textNode(element.getTextContent());
        }
        if (children.stream().allMatch(child -> child.getTagName().equals(children.get(0).getTagName()))) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            children.forEach(child -> array.add(value(child)));
            return array;
        }
        return toJson(element);
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }
}
