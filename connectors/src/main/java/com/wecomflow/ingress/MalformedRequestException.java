package com.wecomflow.ingress;

/** A request whose body is not the XML WeCom sends (answered 400, unlike a failed check, 403). */
public final class MalformedRequestException extends Exception {
    public MalformedRequestException(String message) {
        super(message);
    }
}
