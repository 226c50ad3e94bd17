/*
 * ast.h - lockspin's view of the C syntax tree libclang gives: node, type,
 * location and token handles, the node kinds and operators the front end
 * distinguishes, and the queries it makes.  Implemented in frontend.c, the
 * only file that includes <clang-c/Index.h>; the handles have the layout of
 * libclang's own (checked there), the kinds its values.
 */
#ifndef LS_AST_H
#define LS_AST_H

#include <stdbool.h>
#include <stddef.h>

/* node kinds */
typedef enum AstKind {
	AST_StructDecl = 2,
	AST_UnionDecl = 3,
	AST_EnumDecl = 5,
	AST_FieldDecl = 6,
	AST_EnumConstantDecl = 7,
	AST_FunctionDecl = 8,
	AST_VarDecl = 9,
	AST_TypedefDecl = 20,
	AST_MemberRef = 47,
	AST_UnexposedExpr = 100,
	AST_DeclRefExpr = 101,
	AST_MemberRefExpr = 102,
	AST_CallExpr = 103,
	AST_IntegerLiteral = 106,
	AST_FloatingLiteral = 107,
	AST_ImaginaryLiteral = 108,
	AST_StringLiteral = 109,
	AST_CharacterLiteral = 110,
	AST_ParenExpr = 111,
	AST_UnaryOperator = 112,
	AST_ArraySubscriptExpr = 113,
	AST_BinaryOperator = 114,
	AST_CompoundAssignOperator = 115,
	AST_ConditionalOperator = 116,
	AST_CStyleCastExpr = 117,
	AST_CompoundLiteralExpr = 118,
	AST_InitListExpr = 119,
	AST_StmtExpr = 121,
	AST_GenericSelectionExpr = 122,
	AST_UnaryExpr = 136,
	AST_UnexposedStmt = 200,
	AST_LabelStmt = 201,
	AST_CompoundStmt = 202,
	AST_CaseStmt = 203,
	AST_DefaultStmt = 204,
	AST_IfStmt = 205,
	AST_SwitchStmt = 206,
	AST_WhileStmt = 207,
	AST_DoStmt = 208,
	AST_ForStmt = 209,
	AST_GotoStmt = 210,
	AST_IndirectGotoStmt = 211,
	AST_ContinueStmt = 212,
	AST_BreakStmt = 213,
	AST_ReturnStmt = 214,
	AST_GCCAsmStmt = 215,
	AST_NullStmt = 230,
	AST_DeclStmt = 231,
	AST_UnexposedAttr = 400,
	AST_AnnotateAttr = 406,
	AST_StaticAssert = 602,
} AstKind;

/* type kinds */
typedef enum AstTypeKind {
	AST_TYPE_Void = 2,
	AST_TYPE_Bool = 3,
	AST_TYPE_Char_U = 4,
	AST_TYPE_UChar = 5,
	AST_TYPE_Char16 = 6,
	AST_TYPE_Char32 = 7,
	AST_TYPE_UShort = 8,
	AST_TYPE_UInt128 = 12,
	AST_TYPE_Char_S = 13,
	AST_TYPE_SChar = 14,
	AST_TYPE_WChar = 15,
	AST_TYPE_Short = 16,
	AST_TYPE_Int128 = 20,
	AST_TYPE_Pointer = 101,
	AST_TYPE_Record = 105,
	AST_TYPE_Enum = 106,
	AST_TYPE_FunctionNoProto = 110,
	AST_TYPE_FunctionProto = 111,
	AST_TYPE_ConstantArray = 112,
} AstTypeKind;

/* binary operators */
typedef enum AstBinOp {
	AST_BO_Mul = 3,
	AST_BO_Div = 4,
	AST_BO_Rem = 5,
	AST_BO_Add = 6,
	AST_BO_Sub = 7,
	AST_BO_Shl = 8,
	AST_BO_Shr = 9,
	AST_BO_LT = 11,
	AST_BO_GT = 12,
	AST_BO_LE = 13,
	AST_BO_GE = 14,
	AST_BO_EQ = 15,
	AST_BO_NE = 16,
	AST_BO_And = 17,
	AST_BO_Xor = 18,
	AST_BO_Or = 19,
	AST_BO_LAnd = 20,
	AST_BO_LOr = 21,
	AST_BO_Assign = 22,
	AST_BO_MulAssign = 23,
	AST_BO_DivAssign = 24,
	AST_BO_RemAssign = 25,
	AST_BO_AddAssign = 26,
	AST_BO_SubAssign = 27,
	AST_BO_ShlAssign = 28,
	AST_BO_ShrAssign = 29,
	AST_BO_AndAssign = 30,
	AST_BO_XorAssign = 31,
	AST_BO_OrAssign = 32,
	AST_BO_Comma = 33,
} AstBinOp;

/* unary operators */
typedef enum AstUnOp {
	AST_UO_PostInc = 1,
	AST_UO_PostDec = 2,
	AST_UO_PreInc = 3,
	AST_UO_PreDec = 4,
	AST_UO_AddrOf = 5,
	AST_UO_Deref = 6,
	AST_UO_Plus = 7,
	AST_UO_Minus = 8,
	AST_UO_Not = 9,
	AST_UO_LNot = 10,
	AST_UO_Extension = 13,
} AstUnOp;

/* what a visitor returns */
typedef enum AstVisitResult {
	AST_VISIT_Break = 0,
	AST_VISIT_Continue = 1,
	AST_VISIT_Recurse = 2,
} AstVisitResult;

/* storage classes */
typedef enum AstStorage {
	AST_SC_Extern = 2,
	AST_SC_Static = 3,
} AstStorage;

/* A node (libclang cursor), a type, a source location, a range, a token,
 * a file and the translation unit: values to pass around, not to look into. */
typedef struct Ast {
	AstKind kind;
	int xdata;
	const void *data[3];
} Ast;

typedef struct AstType {
	AstTypeKind kind;
	void *data[2];
} AstType;

typedef struct AstLoc {
	const void *ptr_data[2];
	unsigned int_data;
} AstLoc;

typedef struct AstRange {
	const void *ptr_data[2];
	unsigned begin_int_data, end_int_data;
} AstRange;

typedef struct AstToken {
	unsigned int_data[4];
	void *ptr_data;
} AstToken;

typedef void *AstFile;
typedef struct AstUnitImpl *AstUnit;

typedef AstVisitResult (*AstVisitor)(Ast c, Ast parent, void *d);

/* nodes */
AstKind ast_getCursorKind(Ast c);
bool ast_Cursor_isNull(Ast c);
Ast ast_getNullCursor(void);
bool ast_equalCursors(Ast a, Ast b);
Ast ast_getCanonicalCursor(Ast c);
Ast ast_getCursorReferenced(Ast c);
Ast ast_getCursorDefinition(Ast c);
bool ast_isCursorDefinition(Ast c);
Ast ast_getCursorSemanticParent(Ast c);
Ast ast_getTranslationUnitCursor(AstUnit tu);
void ast_visitChildren(Ast c, AstVisitor fn, void *d);
bool ast_isExpression(AstKind k);
bool ast_isAttribute(AstKind k);
const char *ast_getCursorKindSpelling(AstKind k);
const char *ast_getCursorSpelling(Ast c);
int ast_Cursor_getNumArguments(Ast c);
bool ast_Cursor_isVariadic(Ast c);
Ast ast_Cursor_getArgument(Ast c, unsigned i);
Ast ast_Cursor_getVarDeclInitializer(Ast c);
AstStorage ast_Cursor_getStorageClass(Ast c);
long long ast_getEnumConstantDeclValue(Ast c);
AstBinOp ast_getCursorBinaryOperatorKind(Ast c);
AstUnOp ast_getCursorUnaryOperatorKind(Ast c);
/* the value of a constant expression: an integer, or a string literal's text */
bool ast_evaluate_int(Ast c, long long *v);
const char *ast_evaluate_str(Ast c);

/* types */
AstType ast_getCursorType(Ast c);
AstType ast_getCanonicalType(AstType t);
AstType ast_getPointeeType(AstType t);
AstType ast_getArrayElementType(AstType t);
long long ast_getArraySize(AstType t);
AstType ast_getResultType(AstType t);
Ast ast_getTypeDeclaration(AstType t);
const char *ast_getTypeSpelling(AstType t);

/* locations, files, source text, tokens */
AstRange ast_getCursorExtent(Ast c);
AstLoc ast_getCursorLocation(Ast c);
AstLoc ast_getRangeStart(AstRange r);
AstLoc ast_getRangeEnd(AstRange r);
bool ast_equalRanges(AstRange a, AstRange b);
bool ast_Location_isFromMainFile(AstLoc l);
/* c is written in the main file, or made by a macro expanded there (a
 * DEFINE_GUARD() or DEFINE_PER_CPU() of the spec) */
bool ast_Cursor_isInMainFile(Ast c);
bool ast_Cursor_isInUpstreamHeader(Ast c);
void ast_getExpansionLocation(AstLoc l, AstFile *f, unsigned *line, unsigned *col, unsigned *off);
void ast_getSpellingLocation(AstLoc l, AstFile *f, unsigned *line, unsigned *col, unsigned *off);
bool ast_File_isEqual(AstFile a, AstFile b);
const char *ast_getFileName(AstFile f);
const char *ast_getFileContents(AstUnit tu, AstFile f, size_t *size);
void ast_tokenize(AstUnit tu, AstRange r, AstToken **toks, unsigned *n);
void ast_disposeTokens(AstUnit tu, AstToken *toks, unsigned n);
const char *ast_getTokenSpelling(AstUnit tu, AstToken t);
AstLoc ast_getTokenLocation(AstUnit tu, AstToken t);

#endif
