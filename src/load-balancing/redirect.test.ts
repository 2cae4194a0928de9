import { test } from "node:test";
import assert from "node:assert/strict";
import { redirectLocation } from "./redirect.js";

const r = { protocol: "http" as const, host: "shop.example", port: 8080, path: "/cart/1", query: "a=1" };

test("the request's own parts fill the placeholders", () => {
  assert.equal(redirectLocation({ Protocol: "#{protocol}", Host: "#{host}", Port: "#{port}", Path: "/#{path}", Query: "#{query}" }, r), "http://shop.example:8080/cart/1?a=1");
});

test("an explicit part replaces the request's; the default port of the scheme is left out", () => {
  assert.equal(redirectLocation({ Protocol: "HTTPS", Port: "443", Path: "/new/#{path}", Query: "" }, r), "https://shop.example/new/cart/1");
  assert.equal(redirectLocation({ Host: "other.example", Port: "80" }, r), "http://other.example/cart/1?a=1");
});
