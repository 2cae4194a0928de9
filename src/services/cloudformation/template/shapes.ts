/**
 * The shapes of intrinsic-function calls, checked before anything is evaluated (so that bad
 * intrinsic use is a template error of the operation, not a resource failure), with
 * CloudFormation's messages.
 */
import { templateError, templateFormatError } from "../errors.js";
import { intrinsicName } from "./intrinsics.js";
import { isObject, type Json } from "./types.js";

const KNOWN = new Set([
  "Ref", "Condition", "Fn::Sub", "Fn::GetAtt", "Fn::ImportValue", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::If", "Fn::Equals",
  "Fn::And", "Fn::Or", "Fn::Not", "Fn::FindInMap", "Fn::Base64", "Fn::Cidr", "Fn::GetAZs", "Fn::Length", "Fn::ToJsonString",
  "Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn", "Fn::RefAll", "Fn::ValueOf", "Fn::ValueOfAll", "Fn::Transform",
]);

const isList = (v: Json | undefined, n?: number): v is Json[] => Array.isArray(v) && (n === undefined || v.length === n);

function checkCall(fn: string, arg: Json): void {
  switch (fn) {
    case "Ref":
      if (typeof arg !== "string") throw templateFormatError("Every Ref object must have a single String value.");
      return;
    case "Fn::Join":
      if (!isList(arg, 2) || typeof arg[0] !== "string" || (!Array.isArray(arg[1]) && !intrinsicName(arg[1]!))) {
        throw templateError("every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.");
      }
      return;
    case "Fn::Split":
      if (!isList(arg, 2) || typeof arg[0] !== "string") {
        throw templateError("every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.");
      }
      return;
    case "Fn::Select":
      if (!isList(arg, 2)) throw templateError("Fn::Select requires a list argument with two elements: an integer index and a list");
      return;
    case "Fn::GetAtt":
      if (typeof arg === "string" ? !/^[^.]+\..+$/.test(arg) : !isList(arg, 2) || typeof arg[0] !== "string" || arg[0] === "") {
        throw templateError("every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute");
      }
      return;
    case "Fn::If":
      if (!isList(arg, 3) || typeof arg[0] !== "string") throw templateError("Fn::If requires a list argument with three elements");
      return;
    case "Fn::Equals":
      if (!isList(arg, 2)) throw templateError("Fn::Equals requires a list argument with two elements");
      return;
    case "Fn::And":
    case "Fn::Or":
      if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10) throw templateError(`${fn} requires a list argument with between 2 and 10 elements`);
      return;
    case "Fn::Not":
      if (!isList(arg, 1)) throw templateError("Fn::Not requires a list argument with one element");
      return;
    case "Fn::FindInMap":
      if (!Array.isArray(arg) || arg.length < 3 || arg.length > 4) {
        throw templateError("every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value");
      }
      return;
    case "Fn::Sub":
      if (!(typeof arg === "string" || (isList(arg, 2) && typeof arg[0] === "string" && isObject(arg[1])))) {
        throw templateError("One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string");
      }
      return;
    case "Fn::Cidr":
      if (!isList(arg, 3)) throw templateError("Fn::Cidr requires a list argument with three elements");
      return;
    default:
      return;
  }
}

/** Check every intrinsic-function call in `value`. */
export function checkIntrinsicShapes(value: Json): void {
  if (Array.isArray(value)) return value.forEach(checkIntrinsicShapes);
  if (!isObject(value)) return;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0]!.startsWith("Fn::") && !KNOWN.has(keys[0]!)) throw templateFormatError(`Unrecognized intrinsic function: ${keys[0]}`);
  const fn = intrinsicName(value);
  if (fn) checkCall(fn, value[fn]!);
  for (const v of Object.values(value)) checkIntrinsicShapes(v);
}
