"""A payment provider on loopback for the gateway tests: it checks the portal's signed request, shows a pay
page, and sends the browser back with a signed result, as a real redirect-flow provider does."""

import threading
from urllib.parse import urlencode

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from wardportal.payments.gateway import sign_params

MERCHANT = "PHUONGTHU01"
SECRET = "loopback-test-secret-0123456789"


class LoopbackProvider:
    """A WSGI app: GET /pay (signed request) → form; POST /pay/confirm → redirect to return_url, signed."""

    def __init__(self):
        self.orders = []

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.path == "/pay" and request.method == "GET":
            params = request.args.to_dict()
            given = params.pop("signature", "")
            if given != sign_params(params, SECRET) or params.get("merchant") != MERCHANT:
                return Response("bad signature", 400)(environ, start_response)
            self.orders.append(params)
            hidden = "".join(f'<input type="hidden" name="{k}" value="{v}">' for k, v in params.items())
            page = (f'<!doctype html><html lang="vi"><title>Cổng thanh toán thử</title><main><h1>Thanh toán '
                    f'{params["amount"]} đồng</h1><form method="post" action="/pay/confirm">{hidden}'
                    f'<button name="status" value="paid">Xác nhận thanh toán</button>'
                    f'<button name="status" value="failed">Huỷ</button></form></main></html>')
            return Response(page, content_type="text/html; charset=utf-8")(environ, start_response)
        if request.path == "/pay/confirm" and request.method == "POST":
            form = request.form
            result = {"merchant": MERCHANT, "order_ref": form["order_ref"], "amount": form["amount"],
                      "status": form["status"], "txn": f"TXN{len(self.orders):06d}"}
            result["signature"] = sign_params(result, SECRET)
            return Response(status=302, headers={"Location": f"{form['return_url']}?{urlencode(result)}"})(
                environ, start_response)
        return Response("not found", 404)(environ, start_response)


def signed_result(order_ref: str, amount: int, status: str = "paid", secret: str = SECRET) -> dict:
    """What the provider sends back for an order (with another secret: a forgery)."""
    result = {"merchant": MERCHANT, "order_ref": order_ref, "amount": str(amount), "status": status, "txn": "T1"}
    result["signature"] = sign_params(result, secret)
    return result


class RunningProvider:
    """The provider served on a free loopback port in a thread."""

    def __init__(self):
        self.app = LoopbackProvider()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/pay"

    def settings(self) -> dict:
        return {"PAYMENT_GATEWAY": "wardportal.payments.gateway:HmacRedirectGateway",
                "PAYMENT_GATEWAY_URL": self.url, "PAYMENT_GATEWAY_MERCHANT": MERCHANT,
                "PAYMENT_GATEWAY_SECRET": SECRET}

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=5)
