// Shared declarations of the cxx-rt case.
#include <exception>
#include <stdexcept>
#include <string>

struct CxError : std::exception {
    int code;
    std::string msg;
    CxError(int c, std::string m) : code(c), msg(std::move(m)) {}
    ~CxError() override; // key function: typeinfo lives in libcxthrow.so
    const char *what() const noexcept override;
};
struct CxDerived : CxError {
    using CxError::CxError;
    ~CxDerived() override;
};
// kind 0: CxError, 1: CxDerived, 2: std::runtime_error, 3: int,
// 4: std::out_of_range from the standard library, 5: none
void cx_throw(int kind);
std::string cx_catch_in_lib(int kind);       // libcxcatch.so
void cx_rethrow_in_lib(int kind);            // catches and rethrows with `throw;`
std::exception_ptr cx_capture(int kind);     // libcxcatch.so
extern "C" int cx_plugin_throw(int kind);    // libcxplug.so (dlopened)
