/*
 * order.h - the model's lock-order graph as order.txt (order.c, which
 * documents the format and the meaning of an edge).
 */
#ifndef LS_ORDER_H
#define LS_ORDER_H

#include "verdict.h"

/* `to` acquired while `from` is held, both by order-class name. */
typedef struct OrderLink {
	const char *from, *to;
	const char *at, *from_at;  /* "spec/x.c:16": where `to`, `from` were taken */
} OrderLink;

typedef struct OrderGraph {
	const char *model;          /* hash of the model text it was made from */
	bool complete;              /* the search that found the edges finished */
	const char *incomplete_why;
	OrderLink *edges;
	int nedges;
} OrderGraph;

/* The graph of a search of model_text (CheckResult.edges). */
OrderGraph *order_of_result(const IrProgram *p, const char *model_text, const CheckResult *r);
/* order.txt */
void order_write(const IrProgram *p, const OrderGraph *g, StrBuf *out);
/* order.txt at path, when it was made from this model text; else NULL and
 * *why says why ("absent", "malformed" after an error message, "stale: ..."). */
OrderGraph *order_read(const char *path, const IrProgram *p, const char *model_text, const char **why);

#endif
