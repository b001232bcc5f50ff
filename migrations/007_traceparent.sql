-- W3C trace context (issue 8): a notification keeps the traceparent of the input message that
-- caused it, so that the relay can set it as a header on the published message. (An audit
-- record carries it inside its detail, where the hash covers it.)
ALTER TABLE notifications ADD COLUMN traceparent text;
