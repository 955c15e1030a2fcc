// Swagger UI from the vendored bundle. validatorUrl null: the default would fetch a badge from swagger.io.
// Requests made with the browser session carry the page's CSRF token, as the app's own pages do.
(function () {
  var el = document.getElementById("swagger-ui");
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  window.SwaggerUIBundle({
    url: el.dataset.url,
    dom_id: "#swagger-ui",
    validatorUrl: null,
    deepLinking: true,
    requestInterceptor: function (req) {
      req.headers["X-CSRF-Token"] = csrf;
      return req;
    },
  });
})();
