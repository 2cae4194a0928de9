/**
 * Vocabulary of a parsed CloudFormation template: plain JSON values in, as the template holds
 * them (short-form YAML tags already turned into their `Fn::*` / `Ref` long form).
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export interface ResourceDecl {
  Type: string;
  Properties?: JsonObject;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: JsonObject;
}

export interface ParameterDecl {
  Type: string;
  Default?: Json;
  AllowedValues?: Json[];
  AllowedPattern?: string;
  MinLength?: number | string;
  MaxLength?: number | string;
  MinValue?: number | string;
  MaxValue?: number | string;
  NoEcho?: boolean | string;
  Description?: string;
  ConstraintDescription?: string;
}

export interface OutputDecl {
  Value: Json;
  Description?: string;
  Condition?: string;
  Export?: { Name: Json };
}

export interface Template {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Metadata?: JsonObject;
  Parameters: Record<string, ParameterDecl>;
  Mappings: Record<string, Record<string, Record<string, Json>>>;
  Conditions: Record<string, Json>;
  Rules?: JsonObject;
  Transform?: Json;
  Resources: Record<string, ResourceDecl>;
  Outputs: Record<string, OutputDecl>;
}

/** A parameter's value once resolved: lists are arrays. */
export type ParamValue = string | string[];

export const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
